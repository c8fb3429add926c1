using System.Globalization;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CsCheck;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

public class EmitterTests
{
    private static readonly Expr X = Var("x");

    private static EmittedBody Emit(Expr e, NumericType type = NumericType.Double, params string[] names) =>
        CSharpEmitter.Emit(new[] { e }, type, names.Length == 0 ? new[] { "x" } : names, new Budget(default));

    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456789012345680.0, "1.2345678901234568E+17")]
    public void Double_literals_round_trip_and_look_like_doubles(double value, string expected)
    {
        string text = CSharpEmitter.FormatLiteral(value, NumericType.Double);
        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Emitted_code_read_back_computes_what_it_was_printed_from()
    {
        // The reader the verifier runs emitted code with: every printed form of random trees (locals, powers as products,
        // conditionals, stable-math calls) must parse and give the value of the expression it was printed from.
        int compared = 0;
        Gen.Select(RandomExpressions.Tree(4), Gen.Double[-3, 3]).Sample((f, x) =>
        {
            var budget = new Budget(default);
            var stable = StableForms.Rewrite(f, budget);
            var body = CSharpEmitter.Emit(new[] { stable }, NumericType.Double, new[] { "x", "y" }, budget);
            // "--" is C#'s decrement: a minus before a negative literal or another minus must be parenthesized.
            if (body.Locals.Concat(body.Results).Any(line => line.Contains("--", StringComparison.Ordinal))) return false;
            var program = Written.EmittedCode.Read(body, 0, new[] { "x", "y" });
            double got = new Written.WrittenEvaluator(program).Run(new[] { x, 0.7 }, budget);
            double want = new CompiledExpression(body.Printed[0], new[] { "x", "y" }, budget).EvaluateWithError(new[] { x, 0.7 }, out double error);
            if (!double.IsFinite(want) || !double.IsFinite(error)) return true;
            // Ill-conditioned points (tan of e^(2/x²) ≈ 1e21) change value with the last bit of x, so the printed order of
            // operations alone changes them: nothing to compare there.
            var reference = new CompiledExpression(body.Printed[0], new[] { "x", "y" }, budget);
            // The same in y (x·y − 7x/10 at y = 0.7 is 0 or ±1e−17 by the order of rounding, and a test on its quotient then
            // picks either branch), and at several steps (tan(7/(10x)) at x = 5e−94 lands on one branch by chance at one step).
            foreach (var (dx, dy) in new[] { (1e-14, 0.0), (-1e-14, 0.0), (3e-14, 0.0), (0.0, 1e-14), (0.0, -1e-14), (0.0, 3e-14) })
            {
                double nearby = reference.EvaluateWithError(new[] { x * (1 + dx), 0.7 * (1 + dy) }, out _);
                if (!(Math.Abs(nearby - want) <= 1e-8 * Math.Abs(want) + 1e-300)) return true;
            }
            // At x = 0 intermediates are infinite, where Math.Pow(−∞, 3/2) = ∞ but the printed t·√t is NaN: a branch test on
            // them says nothing about printing.
            if (x == 0) return true;
            compared++;
            return Math.Abs(got - want) <= 1e-9 * Math.Abs(want) + 16 * error + 1e-300;
        }, iter: 2000, print: t => $"f = {t.Item1}, x = {t.Item2:R}");
        Assert.True(compared > 500, $"only {compared} samples compared");
    }

    [Fact]
    public void Literals_ignore_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fi-FI");
            Assert.Equal("0.5f", CSharpEmitter.FormatLiteral(0.5, NumericType.Single));
            Assert.Equal("1.5", CSharpEmitter.FormatLiteral(1.5, NumericType.Double));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Shared_subexpressions_become_locals()
    {
        var e = Exp(Negate(X));
        var body = Emit(Divide(e, Square(Add(One, e))));
        Assert.Equal(new[] { "double t0 = global::System.Math.Exp(-x);", "double t1 = 1.0 + t0;" }, body.Locals);
        Assert.Equal("t0 / (t1 * t1)", body.Results[0]);
    }

    [Fact]
    public void Local_names_avoid_parameter_names()
    {
        var e = Exp(Var("t0"));
        var body = Emit(Multiply(e, e, Var("t0")), NumericType.Double, "t0");
        Assert.All(body.Locals, l => Assert.DoesNotContain("double t0 ", l));
    }

    [Fact]
    public void Small_powers_are_multiplications_and_others_call_pow()
    {
        Assert.Equal("x * x * x", Emit(Power(X, Num(3))).Results[0]);
        Assert.Equal("global::System.Math.Pow(x, 7.0)", Emit(Power(X, Num(7))).Results[0]);
        Assert.Equal("global::System.Math.Sqrt(x)", Emit(Sqrt(X)).Results[0]);
        Assert.Equal("1.0 / (x * x)", Emit(Power(X, Num(-2))).Results[0]);
    }

    [Fact]
    public void Float_code_uses_mathf_and_float_literals()
    {
        var body = Emit(Multiply(Num(2), Exp(X)), NumericType.Single);
        Assert.Equal("2f * global::System.MathF.Exp(x)", body.Results[0]);
    }

    [Fact]
    public void Branches_of_a_conditional_are_not_hoisted()
    {
        var expensive = Exp(Square(X));
        var body = Emit(Conditional(Compare(ComparisonOperator.Greater, X, Zero), Multiply(expensive, expensive), One));
        Assert.Empty(body.Locals);
    }

    [Fact]
    public void What_both_branches_compute_is_computed_once_before_the_conditional()
    {
        // The stable sigmoid: 1 / (1 + e^(-|x|)) or e^(-|x|) / (1 + e^(-|x|)); either way e^(-|x|) and 1 + e^(-|x|) are needed.
        var e = Exp(Negate(Call(Function.Abs, X)));
        var body = Emit(Conditional(Compare(ComparisonOperator.GreaterOrEqual, X, Zero), Divide(One, Add(One, e)), Divide(e, Add(One, e))));
        Assert.Equal(new[] { "double t0 = global::System.Math.Exp(-global::System.Math.Abs(x));", "double t1 = 1.0 + t0;" }, body.Locals);
        Assert.Equal("x >= 0.0 ? 1.0 / t1 : t0 / t1", body.Results[0]);
    }

    [Fact]
    public void A_sum_that_is_a_multiple_of_another_prints_as_that_multiple()
    {
        // The gradient of (b + w·x − y)²: ∂/∂b is 2b + 2wx − 2y in the canonical IR, ∂/∂y its negative.
        var (b, w, y) = (Var("b"), Var("w"), Var("y"));
        var residual = Add(b, Multiply(w, X), Negate(y));
        var roots = new[] { Square(residual), Multiply(Num(2), residual), Multiply(Num(-2), residual) };
        Assert.IsType<SumExpr>(roots[1]);
        var body = CSharpEmitter.Emit(roots, NumericType.Double, new[] { "x", "b", "w", "y" }, new Budget(default));
        Assert.Equal(new[] { "double t0 = b + w * x - y;" }, body.Locals);
        Assert.Equal(new[] { "t0 * t0", "2.0 * t0", "-2.0 * t0" }, body.Results);
    }

    [Fact]
    public void A_subtracted_shared_term_is_not_a_local_nothing_reads()
    {
        // Softmax with a max shift: e^(a − m) + e^(b − m) with m = max(a, b) subtracts m twice; −m is never printed.
        var (a, b) = (Var("a"), Var("b"));
        var m = Call(Function.Max, a, b);
        var body = CSharpEmitter.Emit(new[] { Add(Exp(Subtract(a, m)), Exp(Subtract(b, m))) }, NumericType.Double, new[] { "a", "b" }, new Budget(default));
        Assert.Equal(new[] { "double t0 = global::System.Math.Max(a, b);" }, body.Locals);
        Assert.Equal("global::System.Math.Exp(a - t0) + global::System.Math.Exp(b - t0)", body.Results[0]);
    }

    [Fact]
    public void Every_local_of_emitted_random_derivatives_is_read()
    {
        // The use counts and the printer must agree: a local counted as shared but never printed is dead code.
        Gen.Select(RandomExpressions.Tree(4), Gen.Bool).Sample((f, stable) =>
        {
            var budget = new Budget(default);
            var df = Differentiator.Differentiate(f, "x", budget);
            var roots = new[] { f, stable ? StableForms.Rewrite(df, budget) : df };
            var body = CSharpEmitter.Emit(roots, NumericType.Double, new[] { "x", "y" }, budget);
            for (int i = 0; i < body.LocalNames.Count; i++)
            {
                var reader = new System.Text.RegularExpressions.Regex(@"\b" + body.LocalNames[i] + @"\b");
                bool read = body.Locals.Skip(i + 1).Any(l => reader.IsMatch(l)) || body.Results.Any(r => reader.IsMatch(r));
                if (!read) return false;
            }
            return true;
        }, iter: 300);
    }

    [Fact]
    public void Emission_is_refused_past_the_node_limit()
    {
        Expr e = X;
        for (int i = 0; i < 400; i++) e = Add(Multiply(Num(i + 2), Call(Function.Sin, Add(e, Num(i)))), X);
        Assert.Throws<ExpressionLimitException>(() => CSharpEmitter.Emit(new[] { e }, NumericType.Double, new[] { "x" }, new Budget(default, maxEmittedNodes: 1000)));
    }
}
