using BenchmarkDotNet.Running;
using CompileTimeCalculus.Benchmarks;

if (args.Length > 0 && args[0] == "scale")
{
    ScaleMeasurement.Run(args.Skip(1).Select(int.Parse).DefaultIfEmpty(1000));
    return;
}

if (args.Length > 0 && args[0] == "scale-kinds")
{
    ScaleMeasurement.RunKinds(args.Length > 1 ? int.Parse(args[1]) : 1000);
    return;
}

if (args.Length > 0 && args[0] == "corpus-check")
{
    CorpusCases.Check();
    return;
}

if (args.Length > 0 && args[0] == "gradient-accuracy")
{
    GradientBenchmarks.ReportAccuracy();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Functions).Assembly).Run(args);
