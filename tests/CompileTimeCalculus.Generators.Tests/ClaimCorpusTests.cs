using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Hand-written calculus as people write it, half right and half wrong, through the real analyzer. Claims come from
/// families ML and calculus code uses, with random coefficients: right forms rewritten by identities (σ(1 − σ), sin 2x as
/// 2 sin x cos x, 1 + tan², ln|sec x|, a constant added), wrong forms with the classic mistakes (a missing chain-rule
/// coefficient, a missing non-constant inner derivative, a sign, the power rule, the product rule, the ½ of a square root,
/// ln u for ln|u|). Every intended label is checked first by an independent judge (finite differences of the compiled C#
/// on a grid the analyzer never probes); then the analyzer must agree with every label: no false positive, no miss, and
/// the expected ID on each wrong claim.
/// </summary>
public class ClaimCorpusTests(ITestOutputHelper output)
{
    private enum Kind { Derivative, Antiderivative, Gradient }

    /// <summary>A claim: f, the hand-written body, and what it is (null: right; else the diagnostic it must get).</summary>
    private sealed record Claim(string Family, Kind Kind, string Function, string Body, string? Expected, string Mistake);

    private const string Right = "right";

    /// <summary>One family: f and its claims, as format strings over {a} (a coefficient), {b} (a shift), {c} (a positive constant).</summary>
    private sealed record Family(string Name, Kind Kind, string Function, (string Body, string? Expected, string Mistake)[] Claims, bool PositiveA = false);

    private static (string, string?, string) R(string body, string form = Right) => (body, null, form);
    private static (string, string?, string) W(string body, string id, string mistake) => (body, id, mistake);

    private static readonly Family[] Families =
    {
        new("e^(ax)", Kind.Derivative, "Math.Exp({a} * x)", new[]
        {
            R("{a} * Math.Exp({a} * x)"), R("Math.Exp({a} * x) * {a}", "factor last"),
            W("Math.Exp({a} * x)", "CALC001", "missing chain-rule coefficient"), W("-{a} * Math.Exp({a} * x)", "CALC001", "sign"),
            W("Math.Exp({a} * x) / {a}", "CALC001", "coefficient divided instead of multiplied"),
        }),
        new("sin(ax + b)", Kind.Derivative, "Math.Sin({a} * x + {b})", new[]
        {
            R("{a} * Math.Cos({a} * x + {b})"), R("{a} * Math.Sin({a} * x + {b} + Math.PI / 2)", "cos as shifted sin"),
            W("Math.Cos({a} * x + {b})", "CALC001", "missing chain-rule coefficient"), W("-{a} * Math.Cos({a} * x + {b})", "CALC001", "sign"),
            W("{a} * Math.Sin({a} * x + {b})", "CALC301", "function not differentiated"),
        }),
        new("cos(ax)", Kind.Derivative, "Math.Cos({a} * x)", new[]
        {
            R("-{a} * Math.Sin({a} * x)"), W("{a} * Math.Sin({a} * x)", "CALC001", "sign"), W("-Math.Sin({a} * x)", "CALC001", "missing chain-rule coefficient"),
        }),
        new("(ax + b)^3", Kind.Derivative, "Math.Pow({a} * x + {b}, 3)", new[]
        {
            R("3 * {a} * Math.Pow({a} * x + {b}, 2)"), R("3 * {a} * ({a} * x + {b}) * ({a} * x + {b})", "square multiplied out"),
            W("3 * Math.Pow({a} * x + {b}, 2)", "CALC001", "missing chain-rule coefficient"), W("{a} * Math.Pow({a} * x + {b}, 2)", "CALC001", "power rule without the exponent"),
            W("3 * {a} * Math.Pow({a} * x + {b}, 3)", "CALC301", "power rule without lowering the exponent"),
        }),
        new("√(ax + c)", Kind.Derivative, "Math.Sqrt({a} * x + {c})", new[]
        {
            R("{a} / (2 * Math.Sqrt({a} * x + {c}))"), R("0.5 * {a} * Math.Pow({a} * x + {c}, -0.5)", "negative half power"),
            W("{a} / Math.Sqrt({a} * x + {c})", "CALC001", "forgotten ½ of the square root"), W("1 / (2 * Math.Sqrt({a} * x + {c}))", "CALC001", "missing chain-rule coefficient"),
        }, PositiveA: true),
        new("√(x² + c)", Kind.Derivative, "Math.Sqrt(x * x + {c})", new[]
        {
            R("x / Math.Sqrt(x * x + {c})"), R("x * Math.Pow(x * x + {c}, -0.5)", "negative half power"),
            W("1 / (2 * Math.Sqrt(x * x + {c}))", "CALC301", "missing non-constant inner derivative"),
            W("x / (2 * Math.Sqrt(x * x + {c}))", "CALC001", "½ taken twice"),
        }),
        new("ln(ax + c)", Kind.Derivative, "Math.Log({a} * x + {c})", new[]
        {
            R("{a} / ({a} * x + {c})"), R("1 / (x + {c} / {a})", "coefficient cancelled"), W("1 / ({a} * x + {c})", "CALC001", "missing chain-rule coefficient"),
        }, PositiveA: true),
        new("ln(x² + c)", Kind.Derivative, "Math.Log(x * x + {c})", new[]
        {
            R("2 * x / (x * x + {c})"), W("1 / (x * x + {c})", "CALC301", "missing non-constant inner derivative"), W("x / (x * x + {c})", "CALC001", "missing power-rule coefficient"),
        }),
        new("e^(ax²)", Kind.Derivative, "Math.Exp({a} * x * x)", new[]
        {
            R("2 * {a} * x * Math.Exp({a} * x * x)"), W("Math.Exp({a} * x * x)", "CALC301", "missing non-constant inner derivative"),
            W("{a} * x * Math.Exp({a} * x * x)", "CALC001", "missing power-rule coefficient"), W("-2 * {a} * x * Math.Exp({a} * x * x)", "CALC001", "sign"),
        }),
        new("x·e^(x²)", Kind.Derivative, "x * Math.Exp(x * x)", new[]
        {
            R("(1 + 2 * x * x) * Math.Exp(x * x)"), R("Math.Exp(x * x) + 2 * x * x * Math.Exp(x * x)", "product rule spelled out"),
            W("2 * x * x * Math.Exp(x * x)", "CALC301", "product rule: one term dropped"),
        }),
        new("e^(x³)", Kind.Derivative, "Math.Exp(x * x * x)", new[]
        {
            R("3 * x * x * Math.Exp(x * x * x)"), W("x * x * Math.Exp(x * x * x)", "CALC001", "missing power-rule coefficient"),
        }),
        new("cosh(ax²)", Kind.Derivative, "Math.Cosh({a} * x * x)", new[]
        {
            R("2 * {a} * x * Math.Sinh({a} * x * x)"), W("{a} * x * Math.Sinh({a} * x * x)", "CALC001", "missing power-rule coefficient"),
            W("2 * {a} * x * Math.Cosh({a} * x * x)", "CALC301", "cosh' taken as cosh"),
        }),
        new("e^(−ax²)", Kind.Derivative, "Math.Exp(-{a} * x * x)", new[]
        {
            R("-2 * {a} * x * Math.Exp(-{a} * x * x)"), W("2 * {a} * x * Math.Exp(-{a} * x * x)", "CALC001", "sign"),
            W("-{a} * x * Math.Exp(-{a} * x * x)", "CALC001", "missing power-rule coefficient"),
        }, PositiveA: true),
        new("e^(10x)", Kind.Derivative, "Math.Exp(10 * x)", new[]
        {
            R("10 * Math.Exp(10 * x)"), W("Math.Exp(10 * x)", "CALC001", "missing chain-rule coefficient"),
        }),
        new("σ(ax)", Kind.Derivative, "1 / (1 + Math.Exp(-{a} * x))", new[]
        {
            R("{a} / (1 + Math.Exp(-{a} * x)) * (1 - 1 / (1 + Math.Exp(-{a} * x)))", "a·σ(1 − σ)"),
            R("{a} * Math.Exp(-{a} * x) / ((1 + Math.Exp(-{a} * x)) * (1 + Math.Exp(-{a} * x)))", "quotient rule"),
            W("1 / (1 + Math.Exp(-{a} * x)) * (1 - 1 / (1 + Math.Exp(-{a} * x)))", "CALC001", "σ(1 − σ) without the inner coefficient"),
            W("{a} / (1 + Math.Exp(-{a} * x)) * (1 + 1 / (1 + Math.Exp(-{a} * x)))", "CALC301", "σ(1 + σ)"),
            W("{a} / (1 + Math.Exp(-{a} * x))", "CALC301", "σ' taken as σ"),
        }),
        new("softplus(ax)", Kind.Derivative, "Math.Log(1 + Math.Exp({a} * x))", new[]
        {
            R("{a} / (1 + Math.Exp(-{a} * x))", "a·σ(ax)"), R("{a} * Math.Exp({a} * x) / (1 + Math.Exp({a} * x))", "quotient form"),
            W("{a} / (1 + Math.Exp({a} * x))", "CALC301", "σ of the wrong sign"), W("1 / (1 + Math.Exp(-{a} * x))", "CALC001", "missing chain-rule coefficient"),
        }),
        new("tanh(ax)", Kind.Derivative, "Math.Tanh({a} * x)", new[]
        {
            R("{a} * (1 - Math.Tanh({a} * x) * Math.Tanh({a} * x))", "1 − tanh²"), R("{a} / (Math.Cosh({a} * x) * Math.Cosh({a} * x))", "sech²"),
            W("{a} * (1 + Math.Tanh({a} * x) * Math.Tanh({a} * x))", "CALC301", "1 + tanh²"), W("-{a} / (Math.Cosh({a} * x) * Math.Cosh({a} * x))", "CALC001", "sign"),
            W("1 - Math.Tanh({a} * x) * Math.Tanh({a} * x)", "CALC001", "missing chain-rule coefficient"),
        }),
        new("tan(ax)", Kind.Derivative, "Math.Tan({a} * x)", new[]
        {
            R("{a} * (1 + Math.Tan({a} * x) * Math.Tan({a} * x))", "1 + tan²"), R("{a} / (Math.Cos({a} * x) * Math.Cos({a} * x))", "sec²"),
            W("{a} / Math.Cos({a} * x)", "CALC301", "sec instead of sec²"), W("-{a} / (Math.Cos({a} * x) * Math.Cos({a} * x))", "CALC001", "sign"),
        }),
        new("x²·sin(ax)", Kind.Derivative, "x * x * Math.Sin({a} * x)", new[]
        {
            R("2 * x * Math.Sin({a} * x) + {a} * x * x * Math.Cos({a} * x)"),
            W("2 * {a} * x * Math.Cos({a} * x)", "CALC301", "product rule: derivatives of the factors multiplied"),
            W("2 * x * Math.Sin({a} * x) + x * x * Math.Cos({a} * x)", "CALC301", "chain-rule coefficient missing in one term"),
        }),
        new("sin x / x", Kind.Derivative, "Math.Sin(x) / x", new[]
        {
            R("(x * Math.Cos(x) - Math.Sin(x)) / (x * x)"), R("Math.Cos(x) / x - Math.Sin(x) / (x * x)", "quotient split"),
            W("(Math.Sin(x) - x * Math.Cos(x)) / (x * x)", "CALC001", "quotient rule with the terms swapped"), W("Math.Cos(x)", "CALC301", "quotient rule: derivatives divided"),
        }),
        new("atan(ax)", Kind.Derivative, "Math.Atan({a} * x)", new[]
        {
            R("{a} / (1 + {a} * {a} * x * x)"), W("1 / (1 + {a} * {a} * x * x)", "CALC001", "missing chain-rule coefficient"), W("{a} / (1 + x * x)", "CALC301", "inner function lost"),
        }),
        new("sin²(ax)", Kind.Derivative, "Math.Sin({a} * x) * Math.Sin({a} * x)", new[]
        {
            R("2 * {a} * Math.Sin({a} * x) * Math.Cos({a} * x)"), R("{a} * Math.Sin(2 * {a} * x)", "double-angle identity"),
            W("2 * Math.Sin({a} * x)", "CALC301", "power rule only"), W("{a} * Math.Sin(2 * {a} * x) / 2", "CALC001", "half of the double angle"),
        }),
        new("asin(x/c)", Kind.Derivative, "Math.Asin(x / {c})", new[]
        {
            R("1 / Math.Sqrt({c} * {c} - x * x)"), R("1 / ({c} * Math.Sqrt(1 - x * x / ({c} * {c})))", "scale kept outside"),
            W("1 / Math.Sqrt(1 - x * x / ({c} * {c}))", "CALC001", "missing chain-rule coefficient"),
        }),
        new("GELU", Kind.Derivative, "0.5 * x * (1 + Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))", new[]
        {
            R("0.5 * (1 + Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) + 0.5 * x * (1 - Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)) * Math.Tanh(0.7978845608028654 * " +
                "(x + 0.044715 * x * x * x))) * 0.7978845608028654 * (1 + 3 * 0.044715 * x * x)"),
            W("0.5 * (1 + Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) + 0.5 * x * (1 - Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)) * Math.Tanh(0.7978845608028654 * " +
                "(x + 0.044715 * x * x * x)))",
                "CALC301", "missing inner derivative"),
        }),

        new("∫ e^(ax)", Kind.Antiderivative, "Math.Exp({a} * x)", new[]
        {
            R("Math.Exp({a} * x) / {a}"), R("Math.Exp({a} * x) / {a} + 3", "a constant added"),
            W("Math.Exp({a} * x)", "CALC001", "missing chain-rule coefficient"), W("{a} * Math.Exp({a} * x)", "CALC001", "coefficient multiplied instead of divided"),
            W("-Math.Exp({a} * x) / {a}", "CALC001", "sign"),
        }),
        new("∫ sin(ax)", Kind.Antiderivative, "Math.Sin({a} * x)", new[]
        {
            R("-Math.Cos({a} * x) / {a}"), R("2 * Math.Sin({a} * x / 2) * Math.Sin({a} * x / 2) / {a}", "half-angle form, a constant apart"),
            W("Math.Cos({a} * x) / {a}", "CALC001", "sign"), W("-Math.Cos({a} * x)", "CALC001", "missing chain-rule coefficient"),
        }),
        new("∫ cos(ax + b)", Kind.Antiderivative, "Math.Cos({a} * x + {b})", new[]
        {
            R("Math.Sin({a} * x + {b}) / {a}"), W("Math.Sin({a} * x + {b})", "CALC001", "missing chain-rule coefficient"), W("-Math.Sin({a} * x + {b}) / {a}", "CALC001", "sign"),
        }),
        new("∫ 1/x", Kind.Antiderivative, "1 / x", new[]
        {
            R("Math.Log(Math.Abs(x))"), R("Math.Log(Math.Abs({a} * x))", "a constant apart"), W("Math.Log(x)", "CALC305", "ln x for ln|x|"),
        }),
        new("∫ 1/(x − b)", Kind.Antiderivative, "1 / (x - {b})", new[]
        {
            R("Math.Log(Math.Abs(x - {b}))"), W("Math.Log(x - {b})", "CALC305", "ln u for ln|u|"), W("-Math.Log(Math.Abs(x - {b}))", "CALC001", "sign"),
        }),
        new("∫ tan x", Kind.Antiderivative, "Math.Tan(x)", new[]
        {
            R("-Math.Log(Math.Abs(Math.Cos(x)))"), R("Math.Log(Math.Abs(1 / Math.Cos(x)))", "ln|sec x|"),
            W("-Math.Log(Math.Cos(x))", "CALC305", "ln u for ln|u|"), W("Math.Log(Math.Abs(Math.Cos(x)))", "CALC001", "sign"),
        }),
        new("∫ x·e^(x²)", Kind.Antiderivative, "x * Math.Exp(x * x)", new[]
        {
            R("Math.Exp(x * x) / 2"), R("0.5 * Math.Exp(x * x) - 1", "a constant added"),
            W("Math.Exp(x * x)", "CALC001", "missing chain-rule coefficient"), W("-Math.Exp(x * x) / 2", "CALC001", "sign"),
        }),
        new("∫ 2ax·cos(ax²)", Kind.Antiderivative, "2 * {a} * x * Math.Cos({a} * x * x)", new[]
        {
            R("Math.Sin({a} * x * x)"), W("2 * Math.Sin({a} * x * x)", "CALC001", "coefficient kept"), W("Math.Sin({a} * x * x) / {a}", "CALC001", "coefficient divided twice"),
        }),
        new("∫ 1/(1 + a²x²)", Kind.Antiderivative, "1 / (1 + {a} * {a} * x * x)", new[]
        {
            R("Math.Atan({a} * x) / {a}"), R("Math.Atan({a} * x) / {a} + 5", "a constant added"),
            W("Math.Atan({a} * x)", "CALC001", "missing chain-rule coefficient"), W("Math.Atan(x) / {a}", "CALC301", "inner function lost"),
        }),
        new("∫ sin 2x", Kind.Antiderivative, "Math.Sin(2 * x)", new[]
        {
            R("-Math.Cos(2 * x) / 2"), R("Math.Sin(x) * Math.Sin(x)", "sin² x, a constant apart"), R("-Math.Cos(x) * Math.Cos(x)", "−cos² x, a constant apart"),
            W("-Math.Cos(2 * x)", "CALC001", "missing chain-rule coefficient"), W("2 * Math.Sin(x) * Math.Cos(x)", "CALC301", "the integrand itself"),
        }),
        new("∫ x^n", Kind.Antiderivative, "Math.Pow(x, {n})", new[]
        {
            R("Math.Pow(x, {n} + 1) / ({n} + 1)"), W("Math.Pow(x, {n} + 1)", "CALC001", "power rule without dividing"),
            W("{n} * Math.Pow(x, {n} - 1)", "CALC301", "differentiated instead"),
        }),
        new("∫ σ(1 − σ)", Kind.Antiderivative, "1 / (1 + Math.Exp(-x)) * (1 - 1 / (1 + Math.Exp(-x)))", new[]
        {
            R("1 / (1 + Math.Exp(-x))"), R("Math.Exp(x) / (1 + Math.Exp(x))", "σ as e^x/(1 + e^x)"), R("-1 / (1 + Math.Exp(x))", "σ − 1"),
            W("Math.Log(1 + Math.Exp(x))", "CALC301", "softplus instead of σ"),
        }),
        new("∫ 1/√(1 − x²)", Kind.Antiderivative, "1 / Math.Sqrt(1 - x * x)", new[]
        {
            R("Math.Asin(x)"), R("-Math.Acos(x)", "−arccos, a constant apart"), W("Math.Acos(x)", "CALC001", "sign"),
        }),
        new("∫ x/√(x² + c)", Kind.Antiderivative, "x / Math.Sqrt(x * x + {c})", new[]
        {
            R("Math.Sqrt(x * x + {c})"), W("Math.Sqrt(x * x + {c}) / 2", "CALC001", "½ divided again"), W("2 * Math.Sqrt(x * x + {c})", "CALC001", "½ inverted"),
        }),
        new("∫ 3x²·e^(x³)", Kind.Antiderivative, "3 * x * x * Math.Exp(x * x * x)", new[]
        {
            R("Math.Exp(x * x * x)"), W("Math.Exp(x * x * x) / 3", "CALC001", "coefficient divided"),
        }),
        new("∫ 2x·cosh(x²)", Kind.Antiderivative, "2 * x * Math.Cosh(x * x)", new[]
        {
            R("Math.Sinh(x * x)"), W("Math.Sinh(x * x) / 2", "CALC001", "coefficient divided"),
        }),
        new("∫ x·e^(−ax²)", Kind.Antiderivative, "x * Math.Exp(-{a} * x * x)", new[]
        {
            R("-Math.Exp(-{a} * x * x) / (2 * {a})"), W("Math.Exp(-{a} * x * x) / (2 * {a})", "CALC001", "sign"),
            W("-Math.Exp(-{a} * x * x) / {a}", "CALC001", "missing ½"),
        }, PositiveA: true),
        new("∫ e^(10x)", Kind.Antiderivative, "Math.Exp(10 * x)", new[]
        {
            R("Math.Exp(10 * x) / 10"), W("Math.Exp(10 * x)", "CALC001", "missing chain-rule coefficient"),
        }),

        // Gradients of f(x, y), written as (Value, ∂x, ∂y); a wrong claim has one wrong element.
        new("∇ e^(axy)", Kind.Gradient, "Math.Exp({a} * x * y)", new[]
        {
            R("(Math.Exp({a} * x * y), {a} * y * Math.Exp({a} * x * y), {a} * x * Math.Exp({a} * x * y))"),
            W("(Math.Exp({a} * x * y), {a} * x * Math.Exp({a} * x * y), {a} * x * Math.Exp({a} * x * y))", "CALC301", "partials swapped"),
            W("(Math.Exp({a} * x * y), y * Math.Exp({a} * x * y), {a} * x * Math.Exp({a} * x * y))", "CALC001", "missing chain-rule coefficient"),
            W("(Math.Exp({a} * x * y), {a} * y * Math.Exp({a} * x * y), Math.Exp({a} * x * y))", "CALC301", "missing non-constant inner derivative"),
        }),
        new("∇ (x + ay − c)²", Kind.Gradient, "(x + {a} * y - {c}) * (x + {a} * y - {c})", new[]
        {
            R("((x + {a} * y - {c}) * (x + {a} * y - {c}), 2 * (x + {a} * y - {c}), 2 * {a} * (x + {a} * y - {c}))"),
            W("((x + {a} * y - {c}) * (x + {a} * y - {c}), x + {a} * y - {c}, 2 * {a} * (x + {a} * y - {c}))", "CALC001", "missing power-rule coefficient"),
            W("((x + {a} * y - {c}) * (x + {a} * y - {c}), 2 * (x + {a} * y - {c}), 2 * (x + {a} * y - {c}))", "CALC001", "missing chain-rule coefficient"),
        }),
        new("∇ log-loss", Kind.Gradient, "Math.Log(1 + Math.Exp(x * y)) - {c} * x * y", new[]
        {
            R("(Math.Log(1 + Math.Exp(x * y)) - {c} * x * y, y / (1 + Math.Exp(-x * y)) - {c} * y, x / (1 + Math.Exp(-x * y)) - {c} * x)", "σ(z) − label"),
            R("(Math.Log(1 + Math.Exp(x * y)) - {c} * x * y, y * (1 / (1 + Math.Exp(-x * y)) - {c}), x * (1 / (1 + Math.Exp(-x * y)) - {c}))", "factored"),
            W("(Math.Log(1 + Math.Exp(x * y)) - {c} * x * y, 1 / (1 + Math.Exp(-x * y)) - {c}, x * (1 / (1 + Math.Exp(-x * y)) - {c}))", "CALC301", "missing non-constant inner derivative"),
            W("(Math.Log(1 + Math.Exp(x * y)) - {c} * x * y, y / (1 + Math.Exp(x * y)) - {c} * y, x / (1 + Math.Exp(-x * y)) - {c} * x)", "CALC301", "σ of the wrong sign"),
        }),
        new("∇ x·sin(ay)", Kind.Gradient, "x * Math.Sin({a} * y)", new[]
        {
            R("(x * Math.Sin({a} * y), Math.Sin({a} * y), {a} * x * Math.Cos({a} * y))"),
            W("(x * Math.Sin({a} * y), Math.Sin({a} * y), x * Math.Cos({a} * y))", "CALC001", "missing chain-rule coefficient"),
            W("(x * Math.Sin({a} * y), Math.Sin({a} * y), -{a} * x * Math.Cos({a} * y))", "CALC001", "sign"),
        }),
    };

    private static readonly double[] Coefficients = { 2, 3, 0.5, 1.5, 5, -2, -3, 4, -0.5, 7, 2.5, -1.5 };
    private static readonly double[] Shifts = { 1, -1, 2, 0.5, -3 };
    private static readonly double[] Positive = { 2, 4, 0.5, 3, 9, 1.5 };
    private static readonly int[] Powers = { 2, 3, 4, 5, 6 };

    private static string Literal(double v)
    {
        string text = v.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return v < 0 ? "(" + text + ")" : text;
    }

    /// <summary>Six random members of every family (coefficients drawn with a fixed seed), each with all its claims.</summary>
    private static List<Claim> Claims()
    {
        var random = new Random(20261206);
        var claims = new List<Claim>();
        foreach (var family in Families)
        {
            var seen = new HashSet<string>();
            for (int member = 0; member < 6; member++)
            {
                double a = family.PositiveA ? Math.Abs(Coefficients[random.Next(Coefficients.Length)]) : Coefficients[random.Next(Coefficients.Length)];
                double b = Shifts[random.Next(Shifts.Length)], c = Positive[random.Next(Positive.Length)];
                int n = Powers[random.Next(Powers.Length)];
                string Fill(string template) => template.Replace("{a}", Literal(a)).Replace("{b}", Literal(b)).Replace("{c}", Literal(c)).Replace("{n}", n.ToString(CultureInfo.InvariantCulture));
                string function = Fill(family.Function);
                foreach (var (body, expected, mistake) in family.Claims)
                {
                    string filled = Fill(body);
                    if (seen.Add(function + "|" + filled)) claims.Add(new Claim(family.Name, family.Kind, function, filled, expected, mistake));
                }
            }
        }
        return claims;
    }

    [Fact]
    public void Every_claim_gets_the_diagnostic_its_independently_checked_label_says()
    {
        var claims = Claims();
        var source = new StringBuilder("using System;\nusing CompileTimeCalculus;\nnamespace Claims;\npublic static partial class C\n{\n");
        for (int i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            if (claim.Kind == Kind.Gradient)
            {
                source.Append($"    public static double F{i}(double x, double y) => {claim.Function};\n");
                source.Append($"    public static (double Value, double x, double y) Plain{i}(double x, double y) => {claim.Body};\n");
                source.Append($"    [GradientOf(nameof(F{i}))] public static (double Value, double x, double y) C{i}(double x, double y) => {claim.Body};\n");
                continue;
            }
            source.Append($"    public static double F{i}(double x) => {claim.Function};\n");
            source.Append($"    public static double Plain{i}(double x) => {claim.Body};\n");
            string attribute = claim.Kind == Kind.Derivative ? "DerivativeOf" : "AntiderivativeOf";
            source.Append($"    [{attribute}(nameof(F{i}))] public static double C{i}(double x) => {claim.Body};\n");
        }
        source.Append("}\n");
        var compilation = Harness.Compile(source.ToString());
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));

        // 1. The labels, judged independently: finite differences of the compiled C# on a grid the analyzer does not probe.
        var type = Harness.Load(compilation).GetType("Claims.C")!;
        var mislabeled = new List<string>();
        for (int i = 0; i < claims.Count; i++)
        {
            string? judged;
            if (claims[i].Kind == Kind.Gradient)
            {
                judged = JudgeGradient(type.GetMethod("F" + i)!.CreateDelegate<Func<double, double, double>>(),
                    type.GetMethod("Plain" + i)!.CreateDelegate<Func<double, double, (double, double, double)>>());
            }
            else
            {
                var f = Delegate(type, "F" + i);
                var body = Delegate(type, "Plain" + i);
                judged = claims[i].Kind == Kind.Derivative ? JudgeDerivative(f, body) : JudgeAntiderivative(f, body);
            }
            if (judged != claims[i].Expected) mislabeled.Add($"{claims[i].Family}: {claims[i].Body} is labeled {claims[i].Expected ?? Right} but judged {judged ?? Right}");
        }
        Assert.True(mislabeled.Count == 0, "labels that do not hold:\n" + string.Join("\n", mislabeled));

        // 2. The analyzer on every claim.
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HandWrittenCalculusAnalyzer());
        var diagnostics = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var tree = compilation.SyntaxTrees.Single();
        var methods = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .ToDictionary(m => m.Identifier.ValueText, m => m.Span);
        int falsePositives = 0, misses = 0, wrongId = 0, wrongClaims = 0;
        var failures = new List<string>();
        var perFamily = new SortedDictionary<string, (int Claims, int Agreed)>(StringComparer.Ordinal);
        for (int i = 0; i < claims.Count; i++)
        {
            var span = methods["C" + i];
            var ids = diagnostics.Where(d => span.Contains(d.Location.SourceSpan)).Select(d => d.Id).Distinct().ToList();
            var claim = claims[i];
            bool agreed;
            if (claim.Expected is null)
            {
                agreed = ids.Count == 0;
                if (!agreed) falsePositives++;
            }
            else
            {
                wrongClaims++;
                agreed = ids.Count == 1 && ids[0] == claim.Expected;
                if (ids.Count == 0) misses++;
                else if (!agreed) wrongId++;
            }
            if (!agreed) failures.Add($"{claim.Family} ({claim.Mistake}): F = {claim.Function}, claim {claim.Body}: expected {claim.Expected ?? "nothing"}, got " +
                $"{(ids.Count == 0 ? "nothing" : string.Join(", ", ids))}");
            var (count, ok) = perFamily.TryGetValue(claim.Family, out var known) ? known : (0, 0);
            perFamily[claim.Family] = (count + 1, ok + (agreed ? 1 : 0));
        }
        int right = claims.Count - wrongClaims;
        string summary = $"{claims.Count} claims ({right} right, {wrongClaims} wrong) from {Families.Length} families: " +
                         $"{falsePositives} false positives, {misses} misses, {wrongId} with another ID; " +
                         $"precision {Percent(wrongClaims - misses - wrongId, wrongClaims - misses - wrongId + falsePositives)}, recall {Percent(wrongClaims - misses, wrongClaims)}";
        output.WriteLine(summary);
        foreach (var (family, (count, ok)) in perFamily) output.WriteLine($"  {family}: {ok}/{count}");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "claims.txt"), summary + "\n");
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures));
        Assert.True(claims.Count >= 500, $"only {claims.Count} claims");
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static Func<double, double> Delegate(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<double, double>>();

    // The judge's grid: 161 points over [−3.9, 3.9], off the analyzer's probes (which are halves and quarters).
    private static readonly double[] Grid = Enumerable.Range(0, 161).Select(k => -3.9 + 0.04875 * k + 0.0123).ToArray();

    /// <summary>
    /// A derivative claim against finite differences of f: null when it agrees wherever the difference is reliable,
    /// CALC001 when it is f' times one constant ≠ 1 there, CALC301 otherwise.
    /// </summary>
    private static string? JudgeDerivative(Func<double, double> f, Func<double, double> claim) => Judge(f, claim);

    /// <summary>An antiderivative claim: its finite differences against f as above; right but undefined where f is defined: CALC305.</summary>
    private static string? JudgeAntiderivative(Func<double, double> f, Func<double, double> claim)
    {
        var verdict = Judge(claim, f);
        if (verdict is not null && verdict != "CALC301") return verdict;
        // Where the claim is undefined on part of f's domain, its differences are only judged where it is defined.
        if (verdict is not null) return verdict;
        foreach (double x in Grid)
        {
            if (double.IsFinite(f(x)) && double.IsFinite(f(x - 1e-4)) && double.IsFinite(f(x + 1e-4)) && !double.IsFinite(claim(x))) return "CALC305";
        }
        return null;
    }

    /// <summary>Each partial along a line through a few fixed points of the other variable; the first wrong element's verdict.</summary>
    private static string? JudgeGradient(Func<double, double, double> f, Func<double, double, (double Value, double X, double Y)> claim)
    {
        var lines = new[] { 0.37, -0.81, 1.23 };
        var xPairs = lines.SelectMany(y => Pairs(x => f(x, y), x => claim(x, y).X)).ToList();
        var yPairs = lines.SelectMany(x => Pairs(y => f(x, y), y => claim(x, y).Y)).ToList();
        return Classify(xPairs) ?? Classify(yPairs);
    }

    /// <summary>derivative against the finite differences of <paramref name="function"/>.</summary>
    private static string? Judge(Func<double, double> function, Func<double, double> derivative) => Classify(Pairs(function, derivative));

    private static List<(double Claimed, double Estimate)> Pairs(Func<double, double> function, Func<double, double> derivative)
    {
        var pairs = new List<(double Claimed, double Estimate)>();
        foreach (double x in Grid)
        {
            double claimed = derivative(x);
            if (!double.IsFinite(function(x)) || !double.IsFinite(claimed)) continue;
            double h = 1e-3 / (1 + Math.Abs(x) * Math.Abs(x));
            double r1 = Harness.FiniteDifference(function, x, h), r2 = Harness.FiniteDifference(function, x, h / 2);
            if (!double.IsFinite(r1) || !double.IsFinite(r2) || Math.Abs(r1 - r2) > 1e-8 * Math.Max(1, Math.Abs(r2))) continue;
            pairs.Add((claimed, r2));
        }
        return pairs;
    }

    /// <summary>Right where every reliable point agrees; CALC001 where one constant factor fits them all; CALC301 otherwise.</summary>
    private static string? Classify(List<(double Claimed, double Estimate)> pairs)
    {
        if (pairs.Count < 8) return "undecidable (" + pairs.Count + " reliable points)";
        // Each point on its own scale: 6 digits, or 1e-10 where the value itself is about 0.
        static bool Agree(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Abs(b) + 1e-10;
        if (pairs.All(p => Agree(p.Claimed, p.Estimate))) return null;
        var ratios = pairs.Where(p => Math.Abs(p.Estimate) > 1e-8).Select(p => p.Claimed / p.Estimate).OrderBy(r => r).ToList();
        if (ratios.Count < 4) return "CALC301";
        double median = ratios[ratios.Count / 2];
        bool constant = pairs.All(p => Agree(p.Claimed, median * p.Estimate));
        return constant ? "CALC001" : "CALC301";
    }
}
