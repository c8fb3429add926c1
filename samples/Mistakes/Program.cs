using Mistakes;

Console.WriteLine("This sample's point is its build output: `dotnet build samples/Mistakes` lists a CALC001 or CALC301");
Console.WriteLine("warning for each hand-written mistake in HandWritten.cs. At run time the mistakes are simply wrong numbers:");
Console.WriteLine($"  Exp2Integral(1) - Exp2Integral(0) = {HandWritten.Exp2Integral(1) - HandWritten.Exp2Integral(0):F6}, the integral is {(Math.Exp(2) - 1) / 2:F6}");
Console.WriteLine($"  WavePrime(0) = {HandWritten.WavePrime(0):F6}, the derivative is {3 * Math.Cos(0):F6}");
