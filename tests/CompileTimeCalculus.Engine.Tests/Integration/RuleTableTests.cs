using CompileTimeCalculus.Engine.Integration;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Tests.Integration;

/// <summary>
/// The integrator's rule table (Integration/Rules.cs): every entry has an integrand it solves, through the full engine
/// (search and verification), and the derivation records it: as the rule at the top (the first table entry that
/// answered) or, for rules that serve other rules' sub-integrals, somewhere inside. A table entry without an example, or
/// an example its entry no longer solves (shadowed by a reordering), fails here. Integrands from Rubi's test suite (its
/// section numbers), textbook exercises (Apostol, Stewart, Hearn, Timofeev) and common densities.
/// </summary>
public class RuleTableTests
{
    public static readonly (string Rule, string Integrand, bool AtTheTop)[] Examples =
    {
        ("RationalRule", "Math.Pow(x, 2)/Math.Pow(2 + 3*Math.Pow(x, 6), 3)", true), // Rubi 1.1.3.2
        ("ExpandedLogarithms", "1.5 + 2.5*Math.Log(1.1*Math.Pow((2 + 3*x)/(5 + 7*x), 3))", true), // Rubi 3.2.1
        ("PerfectSquareRadicands", "1/(Math.Pow(x, 2)*Math.Pow(4 + 12*Math.Pow(x, 2) + 9*Math.Pow(x, 4), 1.5))", true), // Rubi 1.2.2.2
        ("Piecewise", "Math.Max(x, 1 - x)", true), // ReLU-like
        ("Termwise", "Math.Exp(x) - Math.Exp(-x)", true), // Timofeev
        ("ConstantBasePowers", "Math.Pow(2, 2 + 3/(5 + 7*x))/Math.Pow(5 + 7*x, 4)", true), // Rubi 2.3
        ("Substitution", "1/(Math.Pow(2 + 3*x, 2)*Math.Sqrt(5 + 7*x))", true), // Rubi 1.1.1.2
        ("ExponentialExpansion", "Math.Cosh(2 + 3*x)*Math.Sinh(2 + 3*x)/Math.Pow(x, 2)", true), // Rubi 6.7.1
        ("ExponentialClass", "Math.Pow(Math.Sinh(2 + 3*x), 2)/Math.Pow(Math.Cosh(2 + 3*x), 2)", true), // Rubi 6.7.1
        ("TrigonometricClass", "Math.Cos(x)/(1/Math.Sin(x) + 1/Math.Tan(x))", true), // Rubi 4.7.2
        ("RadicalClass", "Math.Pow(Math.Acos(2*x), 2.5)", false), // Rubi 5.2.2
        ("TrigonometricSubstitution", "1/Math.Sqrt(1 - 2*x - Math.Pow(x, 2))", true), // Apostol
        ("QuadraticRadicalClass", "x*Math.Sqrt(3*x + 5*Math.Pow(x, 2))", false), // Rubi 1.2.1.2
        ("Table", "Math.Pow(2, x)", true), // Stewart
        ("QuadraticReciprocal", "1/(1 + a*a + x*x)", true), // a Lorentzian whose width is a parameter
        ("ObviousSubstitution", "(5 + 7*x)*Math.Sqrt(2 + 3*Math.Pow(5 + 7*x, 2))", true), // Rubi 1.1.3.2
        ("CancellingSplit", "(x + Math.Pow(x, 3) + Math.Pow(1 + x, 2)*Math.Atan(x))/(Math.Pow(1 + x, 2)*(1 + Math.Pow(x, 2)))", true), // Rubi 5.3.7
        ("CombinedRadicals", "Math.Pow(2 + 3*x, 2.5)*Math.Pow(5 + 7*x, 2.5)/Math.Pow(x, 2)", true), // Rubi 1.1.1.3 (also √(3 − 2/x)/(x²√(2 − 3x)), Rubi 1.3.2)
        ("ExponentialOfPower", "Math.Exp(1.1/Math.Pow(5 + 7*x, 2))*Math.Pow(2 + 3*x, 2)", true), // Rubi 2.3
        ("HyperbolicOfLogarithms", "Math.Sqrt(1/Math.Cosh(2 + 2*Math.Log(5*Math.Pow(x, 3))/9))", true), // Rubi 6.5.3
        ("LogarithmicSubstitution", "Math.Pow(x, 2)*Math.Pow(7 + 1.1*x, 2)*Math.Pow(2 + 3*Math.Log(5*Math.Pow(x, 3)), 2)", true), // Rubi 3.1.4
        ("MobiusLogarithm", "Math.Pow(11.5 + 16.1*x, 2)*(1.5 + 2.5*Math.Log(1.1*(2 + 3*x)/(5 + 7*x)))/Math.Pow(3.4 + 5.1*x, 2)", true), // Rubi 3.2.2
        ("InverseFunctionSubstitution", "Math.Pow(-5.25 + 7.5*x - 2.25*Math.Pow(x, 2), 1.5)/Math.Pow(Math.Asin(2.5 - 1.5*x), 3)", true), // Rubi 5.1.5
        ("SharedLinearFactor", "Math.Pow(7 + 1.1*x, 2.5)/Math.Pow(15.4 + 247.42*x + 38.5*Math.Pow(x, 2), 1.5)", true), // Rubi 1.2.1.4, other powers
        ("PeriodicAbsolute", "Math.Abs(Math.Sin(x))", true), // rectified sine
        ("ExponentialTimesTrig", "Math.Exp(2*x)*Math.Cos(3*x)", true), // Apostol
        ("PolynomialTimesTranscendental", "x*Math.Exp(2*x)", true), // Hearn
        ("ExponentialRadical", "Math.Sqrt(5 + 7*x)*(2 + 3*Math.Exp(x))", true), // Rubi 2.2
        ("PolynomialTimesPower", "Math.Pow(x, 2.5)*Math.Pow(2 + 3*Math.Pow(x, 2), 2)*(1.5 + 2.5*Math.Pow(x, 2))", true), // Rubi 1.1.2.4
        ("PolynomialOverLinearPower", "Math.Pow(x, 3)*Math.Sin(5 + 7*x)/(2 + 3*x)", true), // Rubi 4.1.11
        ("LaurentRadicands", "Math.Pow(2, x)/Math.Sqrt(2 - 3/Math.Pow(4, x))", false), // Rubi 2.3
        ("ReciprocalSubstitution", "(1.5 + 2.5*x)*Math.Pow(2 + 3*x + 5*Math.Pow(x, 2), 2.5)/Math.Pow(x, 7)", true), // Rubi 1.2.1.3
        ("Gaussian", "Math.Exp(2 + 3*x - 5*Math.Pow(x, 2))", true), // Rubi 2.3
        ("HyperbolicOfQuadratic", "x*Math.Cosh(4*x*x - x + 4)", true), // a family member: erf and erfi
        ("Expanded", "(7*Math.Pow(2.0/3, 2.0/3) + 3.5*Math.Pow(x, 2))/(2 + 3*Math.Pow(x, 3))", true), // Rubi 1.1.3.8
        ("TrigonometricProducts", "Math.Pow(Math.Sin(4 - 3*x), 5)/(Math.Pow(Math.Cos(4 - 3*x), 2)*Math.Pow(2.5 + 2.5*Math.Sin(4 - 3*x), 3))", true), // Rubi 4.1.2.2
        ("TangentForm", "Math.Sqrt(7*Math.Cos(2 + 3*x))/Math.Sqrt(5*Math.Sin(2 + 3*x))", true), // Rubi 4.1.0
        ("QuadraticRadicalReduction", "x*Math.Sqrt(3*x + 5*Math.Pow(x, 2))", true), // Rubi 1.2.1.2
        ("ByParts", "Math.Log(Math.Sin(x))/(1 + Math.Sin(x))", true), // Charlwood
        ("TrigOverLinear", "Math.Sin(x)/x", true), // sine integral
        ("Fresnel", "Math.Sin(x*x)", true), // Fresnel
        ("HalfIntegerTrigPowers", "Math.Pow(5/Math.Cos(2 + 3*x), 3.5)", true), // Rubi 4.5.0
        ("HalfIntegerHyperbolicPowers", "Math.Sqrt(3/Math.Cosh(5 + 7*x))", true), // Rubi 6.5.3
        ("PolynomialTimesLogTrig", "Math.Log(2*Math.Cos(x))", true), // Rubi 3.5
        ("OscillatingGaussian", "Math.Exp(-x*x)*Math.Cos(3*x)", true), // the Fourier transform of a Gaussian, indefinite
        ("PolynomialTimesTrigRational", "Math.Pow(x, 2)/(2 + Math.Sin(x))", true), // a family member: Li₂, Li₃ of e^(ix)/τ
        ("PolynomialTimesExponentialRational", "Math.Pow(5 + 7*x, 3)*(2 + 3*Math.Tanh(1.1 + 1.3*x))", true), // Rubi 6.3.1
    };

    public static TheoryData<string> Rules() => new(Examples.Select(e => e.Rule));

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_rule_solves_its_example(string rule)
    {
        var (_, integrand, atTheTop) = Examples.Single(e => e.Rule == rule);
        var f = ExpressionParser.Parse(integrand);
        var parameters = f.Variables.Contains("a") ? new[] { "x", "a" } : new[] { "x" };
        var found = IntegralEngine.Find(f, "x", parameters, new Budget(default, IntegralEngine.MaxSteps), out _, out _, out string? problem);
        Assert.True(found is not null, $"{integrand}: {problem ?? "no antiderivative"}");
        var rules = found!.Step.Rules().ToList();
        if (atTheTop) Assert.Equal(rule, rules.FirstOrDefault());
        else Assert.Contains(rule, rules);
    }

    [Fact]
    public void Every_entry_of_the_table_has_an_example() =>
        Assert.Equal(Integrator.RuleNames.OrderBy(n => n, StringComparer.Ordinal), Examples.Select(e => e.Rule).OrderBy(n => n, StringComparer.Ordinal));

    /// <summary>
    /// The search profile (Budget.RuleSteps): the steps of the entries that ran on the integrand given, up to the one that
    /// solved it, and none for entries after it; sub-integrals are counted in their entry, not on their own.
    /// </summary>
    [Fact]
    public void The_profile_counts_the_entries_that_ran_on_the_given_integrand()
    {
        var steps = new Dictionary<string, long>();
        var budget = new Budget(default, IntegralEngine.MaxSteps) { RuleSteps = steps };
        // A constant factor is split off first; the profile is of the rest.
        var found = IntegralEngine.Find(ExpressionParser.Parse("3*x*Math.Exp(2*x)"), "x", new[] { "x" }, budget, out _, out _, out _);
        Assert.NotNull(found);
        string solver = found!.Step.Rules().First();
        Assert.Equal("PolynomialTimesTranscendental", solver);
        Assert.True(steps.ContainsKey(solver) && steps[solver] > 0);
        var order = Integrator.TermRulesInOrder.ToList();
        Assert.All(steps.Keys, name => Assert.True(order.IndexOf(name) <= order.IndexOf(solver), name + " ran after the entry that solved it"));
        Assert.Contains("Table", steps.Keys);
    }
}
