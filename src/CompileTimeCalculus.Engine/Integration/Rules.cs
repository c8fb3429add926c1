using System;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>One entry of the integrator's rule table: its name (recorded in the steps it makes) and the rule.</summary>
    internal sealed class IntegrationRule
    {
        public IntegrationRule(string name, Func<Integrator, Expr, string, Derivation?> apply)
        {
            Name = name;
            Apply = apply;
        }

        public string Name { get; }
        public Func<Integrator, Expr, string, Derivation?> Apply { get; }
    }

    /// <summary>
    /// The rule table, read top to bottom like Rubi's load order: after a constant factor is split off, an integrand is
    /// dispatched on its shape (a sum, or anything else: a product, a power, a call) and the entries of that table are
    /// tried in order; the first that returns an antiderivative wins, and its name is recorded in the derivation. Cheap,
    /// exact and readable rules come first; rules that rewrite the integrand into something bigger, and the general
    /// rationalizing substitutions, come last. Every answer is verified afterwards (<see cref="IntegralEngine"/>),
    /// so an entry's position only decides which correct answer is found first and how much search it costs.
    /// </summary>
    public sealed partial class Integrator
    {
        private static IntegrationRule Rule(string name, Func<Integrator, Expr, string, Derivation?> apply) => new(name, apply);

        internal static readonly IntegrationRule[] SumRules =
        {
            // A whole rational function at once: partial fractions give one tidy answer where term-by-term gives several logarithms.
            Rule(nameof(RationalRule), (i, f, x) => i.RationalRule(f, x)),
            // Before linearity: ln(c·g³) as ln c + 3 ln g lets the terms of a sum cancel and combine.
            Rule(nameof(ExpandedLogarithms), (i, f, x) => i.ExpandedLogarithms(f, x)),
            // Squares under roots become absolute values, which Piecewise then splits: before the terms are separated.
            Rule(nameof(PerfectSquareRadicands), (i, f, x) => i.PerfectSquareRadicands(f, x)),
            // A kink shared by several terms is split once, for the whole sum.
            Rule(nameof(Piecewise), (i, f, x) => i.Piecewise(f, x)),
            // Linearity, with parts across terms for a term that is not integrable alone.
            Rule(nameof(Termwise), (i, f, x) => i.Termwise((Ir.SumExpr)f, x)),
            // What linearity could not do: whole-sum rewrites and substitutions, from the cheapest to the most general.
            Rule(nameof(ConstantBasePowers), (i, f, x) => i.ConstantBasePowers(f, x)),
            Rule(nameof(Substitution), (i, f, x) => i.Substitution(f, x)),
            Rule(nameof(ExponentialExpansion), (i, f, x) => i.ExponentialExpansion(f, x)),
            Rule(nameof(ExponentialClass), (i, f, x) => i.ExponentialClass(f, x)),
            Rule(nameof(TrigonometricClass), (i, f, x) => i.TrigonometricClass(f, x)),
            Rule(nameof(RadicalClass), (i, f, x) => i.RadicalClass(f, x)),
            Rule(nameof(TrigonometricSubstitution), (i, f, x) => i.TrigonometricSubstitution(f, x)),
            Rule(nameof(QuadraticRadicalClass), (i, f, x) => i.QuadraticRadicalClass(f, x)),
        };

        internal static readonly IntegrationRule[] TermRules =
        {
            // The antiderivative table (powers, exp, log, trigonometric and hyperbolic functions of linear arguments).
            Rule(nameof(Table), (i, f, x) => i.Table(f, x)),
            Rule(nameof(RationalRule), (i, f, x) => i.RationalRule(f, x)),
            // Rational in x with parameters in the coefficients (a Cauchy density), which RationalRule does not take.
            Rule(nameof(QuadraticReciprocal), (i, f, x) => i.QuadraticReciprocal(f, x)),
            // Derivative-divides into a power of u: short answers, before rules that rewrite the integrand and search longer.
            Rule(nameof(ObviousSubstitution), (i, f, x) => i.ObviousSubstitution(f, x)),
            // Algebraic rewrites that make a later rule applicable: each only when it simplifies (cancels, combines, expands).
            Rule(nameof(CancellingSplit), (i, f, x) => i.CancellingSplit(f, x)),
            Rule(nameof(CombinedRadicals), (i, f, x) => i.CombinedRadicals(f, x)),
            // Closed forms for whole families, before the substitutions that would take them apart.
            Rule(nameof(ExponentialOfPower), (i, f, x) => i.ExponentialOfPower(f, x)),
            Rule(nameof(HyperbolicOfLogarithms), (i, f, x) => i.HyperbolicOfLogarithms(f, x)),
            // A Gaussian times an oscillation: the error function of a complex argument, before products are linearized and searched.
            Rule(nameof(OscillatingGaussian), (i, f, x) => i.OscillatingGaussian(f, x)),
            // A polynomial times a rational function of eˣ (tanh, 1/(1 + eˣ)): partial fractions in eˣ and polylogarithms, before
            // multiplying out and parts, which would search the same integrand without finding the Li₂…Li₄ it needs.
            Rule(nameof(PolynomialTimesExponentialRational), (i, f, x) => i.PolynomialTimesExponentialRational(f, x)),
            // Half-integer powers of cos or sin times polynomials in them: elliptic integrals, before the trigonometric rules
            // that would search them for an elementary answer there is not.
            Rule(nameof(HalfIntegerTrigPowers), (i, f, x) => i.HalfIntegerTrigPowers(f, x)),
            Rule(nameof(HalfIntegerHyperbolicPowers), (i, f, x) => i.HalfIntegerHyperbolicPowers(f, x)),
            // Polynomials times ln|sin|, ln|cos|, ln|tan|, cot, tan: Clausen's functions, before parts searches them in vain.
            Rule(nameof(PolynomialTimesLogTrig), (i, f, x) => i.PolynomialTimesLogTrig(f, x)),
            // Polynomials times any other rational function of sin and cos (θ·sec⁷θ, θ/(7 + sin²θ)): partial fractions in e^(iθ)
            // and polylogarithms of complex arguments, where parts would search without end.
            Rule(nameof(PolynomialTimesTrigRational), (i, f, x) => i.PolynomialTimesTrigRational(f, x)),
            // Substitutions that invert a logarithm or an inverse function: the integrand becomes a table or tabular integral.
            Rule(nameof(LogarithmicSubstitution), (i, f, x) => i.LogarithmicSubstitution(f, x)),
            Rule(nameof(MobiusLogarithm), (i, f, x) => i.MobiusLogarithm(f, x)),
            Rule(nameof(InverseFunctionSubstitution), (i, f, x) => i.InverseFunctionSubstitution(f, x)),
            // Rewrites of logarithms, roots of squares and shared factors, then kinks and periodic absolute values.
            Rule(nameof(ExpandedLogarithms), (i, f, x) => i.ExpandedLogarithms(f, x)),
            Rule(nameof(PerfectSquareRadicands), (i, f, x) => i.PerfectSquareRadicands(f, x)),
            Rule(nameof(SharedLinearFactor), (i, f, x) => i.SharedLinearFactor(f, x)),
            Rule(nameof(Piecewise), (i, f, x) => i.Piecewise(f, x)),
            Rule(nameof(PeriodicAbsolute), (i, f, x) => i.PeriodicAbsolute(f, x)),
            // Integration by parts in closed form: the cyclic case, then the tabular method, as the textbook reads them.
            Rule(nameof(ExponentialTimesTrig), (i, f, x) => i.ExponentialTimesTrig(f, x)),
            Rule(nameof(PolynomialTimesTranscendental), (i, f, x) => i.PolynomialTimesTranscendental(f, x)),
            // c^u as e^(u ln c), once the table and the rules that keep c^x have declined.
            Rule(nameof(ConstantBasePowers), (i, f, x) => i.ConstantBasePowers(f, x)),
            // Families whose direct forms (a root substitution, multiplying out, powers of a linear factor) beat the general search.
            Rule(nameof(ExponentialRadical), (i, f, x) => i.ExponentialRadical(f, x)),
            Rule(nameof(PolynomialTimesPower), (i, f, x) => i.PolynomialTimesPower(f, x)),
            Rule(nameof(PolynomialOverLinearPower), (i, f, x) => i.PolynomialOverLinearPower(f, x)),
            Rule(nameof(LaurentRadicands), (i, f, x) => i.LaurentRadicands(f, x)),
            Rule(nameof(ReciprocalSubstitution), (i, f, x) => i.ReciprocalSubstitution(f, x)),
            // The general first-kind substitution (derivative-divides).
            Rule(nameof(Substitution), (i, f, x) => i.Substitution(f, x)),
            Rule(nameof(Gaussian), (i, f, x) => i.Gaussian(f, x)),
            // sinh and cosh of a quadratic as two Gaussians: after Gaussian, which takes e^(quadratic) directly.
            Rule(nameof(HyperbolicOfQuadratic), (i, f, x) => i.HyperbolicOfQuadratic(f, x)),
            // Multiplying out and linearizing trigonometric products: bigger integrands, so after the substitutions.
            Rule(nameof(Expanded), (i, f, x) => i.Expanded(f, x)),
            Rule(nameof(TrigonometricProducts), (i, f, x) => i.TrigonometricProducts(f, x)),
            Rule(nameof(TangentForm), (i, f, x) => i.TangentForm(f, x)),
            // The rationalizing substitutions of whole classes: always applicable to their class, but long answers.
            Rule(nameof(ExponentialExpansion), (i, f, x) => i.ExponentialExpansion(f, x)),
            Rule(nameof(ExponentialClass), (i, f, x) => i.ExponentialClass(f, x)),
            Rule(nameof(TrigonometricClass), (i, f, x) => i.TrigonometricClass(f, x)),
            Rule(nameof(RadicalClass), (i, f, x) => i.RadicalClass(f, x)),
            Rule(nameof(TrigonometricSubstitution), (i, f, x) => i.TrigonometricSubstitution(f, x)),
            Rule(nameof(QuadraticRadicalReduction), (i, f, x) => i.QuadraticRadicalReduction(f, x)),
            Rule(nameof(QuadraticRadicalClass), (i, f, x) => i.QuadraticRadicalClass(f, x)),
            // General integration by parts: a search over choices of u, so last but for the special functions.
            Rule(nameof(ByParts), (i, f, x) => i.ByParts(f, x)),
            // Non-elementary answers: Si and Ci, Fresnel S and C (Li₂…Li₄ come from PolynomialTimesExponentialRational).
            Rule(nameof(TrigOverLinear), (i, f, x) => i.TrigOverLinear(f, x)),
            Rule(nameof(Fresnel), (i, f, x) => i.Fresnel(f, x)),
        };

        /// <summary>The names of the entries for terms (not sums), in table order.</summary>
        public static System.Collections.Generic.IEnumerable<string> TermRulesInOrder => System.Linq.Enumerable.Select(TermRules, r => r.Name);

        /// <summary>The rule names, in table order, each once: what a coverage test expects to see fire.</summary>
        public static System.Collections.Generic.IEnumerable<string> RuleNames =>
            System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(System.Linq.Enumerable.Concat(SumRules, TermRules), r => r.Name));
    }
}
