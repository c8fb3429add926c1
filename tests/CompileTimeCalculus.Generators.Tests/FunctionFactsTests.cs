using System.Reflection;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Generators.Tests;

public class FunctionFactsTests
{
    public static TheoryData<Function> Functions()
    {
        var data = new TheoryData<Function>();
        foreach (Function f in Enum.GetValues(typeof(Function))) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_function_is_computed_by_the_library_its_row_names(Function function)
    {
        var facts = FunctionFacts.Of(function);
        Assert.Equal(function, facts.Function);
        var types = facts.Library switch
        {
            FunctionLibrary.StableMath => new[] { typeof(StableMath) },
            FunctionLibrary.SpecialFunctions => new[] { typeof(SpecialFunctions), typeof(SpecialFunctionsF) },
            _ => new[] { typeof(Math), typeof(MathF) },
        };
        foreach (var type in types)
        {
            var parameter = type == typeof(MathF) || type == typeof(SpecialFunctionsF) ? typeof(float) : typeof(double);
            // StableMath serves float code through its double overloads where it has no float one.
            var method = type.GetMethod(facts.Member, BindingFlags.Public | BindingFlags.Static, null, Enumerable.Repeat(parameter, facts.Arity).ToArray(), null);
            Assert.True(method is not null, $"{type.Name}.{facts.Member}({string.Join(", ", Enumerable.Repeat(parameter.Name, facts.Arity))}) does not exist");
        }
        // The emitter calls it there (sign prints as a NaN-safe conditional instead: Math.Sign throws on NaN).
        var call = Expr.Call(function, Enumerable.Repeat<Expr>(Expr.Var("x"), facts.Arity).ToArray());
        if (call is CallExpr && function != Function.Sign)
        {
            string emitted = CSharpEmitter.Emit(new[] { call }, NumericType.Double, new[] { "x" }, new Budget(default)).Results[0];
            Assert.Contains("." + facts.Member + "(", emitted);
        }
    }

    // Points inside every domain in the table, away from the jumps of the steps and the poles of li and Ei.
    private static readonly double[] Probes = { -0.83, -0.37, 0.21, 0.58, 0.91, 1.7, 2.45, 3.9 };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_derivative_in_the_table_matches_a_central_difference_of_the_value(Function function)
    {
        var facts = FunctionFacts.Of(function);
        if (facts.Derivative is null)
        {
            // Functions of two arguments are taken apart by the differentiator; ψ′'s derivative is not in the library.
            Assert.True(facts.Arity == 2 || function == Function.Trigamma, $"{facts.Readable} has no derivative");
            return;
        }
        int checkedPoints = 0;
        foreach (double u in Probes)
        {
            if (facts.Domain is { } d && d.ExcludesAll(u - 1e-3, u + 1e-3) ||
                facts.Domain is { } inside && (inside.ExcludesAll(u - 1e-3, u - 1e-3) || inside.ExcludesAll(u + 1e-3, u + 1e-3))) continue;
            double Value(double t) => facts.Value(t, double.NaN);
            double h = 1e-5 * Math.Max(1, Math.Abs(u));
            // Richardson-extrapolated central difference: error O(h⁴).
            double d1 = (Value(u + h) - Value(u - h)) / (2 * h), d2 = (Value(u + 2 * h) - Value(u - 2 * h)) / (4 * h);
            double reference = (4 * d1 - d2) / 3;
            var call = Expr.Call(function, Expr.Var("u"));
            var derivative = facts.Derivative(Expr.Var("u"), call);
            double exact = CompileTimeCalculus.Engine.Evaluation.Evaluator.Evaluate(derivative, "u", u);
            Assert.True(Math.Abs(exact - reference) <= 1e-7 * Math.Max(1, Math.Abs(reference)), $"{facts.Readable}'({u}) = {exact}, difference quotient {reference}");
            checkedPoints++;
        }
        Assert.True(checkedPoints >= 2, $"only {checkedPoints} probe points inside the domain of {facts.Readable}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Parity_and_domain_are_what_the_values_show(Function function)
    {
        var facts = FunctionFacts.Of(function);
        if (facts.Arity != 1) return;
        foreach (double u in Probes)
        {
            double at = facts.Value(u, double.NaN), opposite = facts.Value(-u, double.NaN);
            bool defined = facts.Domain is not { } domain || !domain.ExcludesAll(u, u);
            Assert.True(defined == !double.IsNaN(at), $"{facts.Readable}({u}) = {at}, domain {facts.Domain}");
            if (!defined || double.IsNaN(opposite)) continue;
            switch (facts.Parity)
            {
                case Parity.Odd: Assert.Equal(-at, opposite, 14); break;
                case Parity.Even: Assert.Equal(at, opposite, 14); break;
                default:
                    // A function marked neither is neither: some probe tells it apart from both.
                    break;
            }
        }
        if (facts.Parity == Parity.None && facts.Derivative is not null && function is not (Function.Floor or Function.Ceiling or Function.Round or Function.Truncate))
        {
            bool looksOdd = true, looksEven = true;
            int pairs = 0;
            foreach (double u in Probes)
            {
                double at = facts.Value(u, double.NaN), opposite = facts.Value(-u, double.NaN);
                if (double.IsNaN(at) || double.IsNaN(opposite)) continue;
                pairs++;
                looksOdd &= Math.Abs(at + opposite) < 1e-12;
                looksEven &= Math.Abs(at - opposite) < 1e-12;
            }
            Assert.False(pairs > 0 && (looksOdd || looksEven), $"{facts.Readable} behaves {(looksOdd ? "odd" : "even")} on the probes but its row says neither");
        }
    }

    [Fact]
    public void Every_function_is_found_by_its_member_name_and_arity()
    {
        foreach (var facts in FunctionFacts.All) Assert.Same(facts, FunctionFacts.Find(facts.Member, facts.Arity));
        Assert.Null(FunctionFacts.Find("Sin", 2));
    }
}
