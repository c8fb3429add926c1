using System;
using System.Collections.Generic;
using System.Text;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>One step of a derivation as a person would write it, with the sub-integrals it needed.</summary>
    public sealed class Step
    {
        public Step(string text, IReadOnlyList<Step> children, string? conclusion = null, string? rule = null)
        {
            Text = text;
            Children = children;
            Conclusion = conclusion;
            Rule = rule;
        }

        /// <summary>The entry of the rule table that made this step (on a group around the rule's own steps), else null.</summary>
        public string? Rule { get; }

        /// <summary>The rules of the derivation, outermost first.</summary>
        public IEnumerable<string> Rules()
        {
            if (Rule is not null) yield return Rule;
            foreach (var child in Children)
                foreach (var rule in child.Rules()) yield return rule;
        }

        /// <summary>What the step does; empty for a step that only groups its children (linearity, constant factors).</summary>
        public string Text { get; }
        public IReadOnlyList<Step> Children { get; }

        /// <summary>A line after the children (the back-substitution of a substitution).</summary>
        public string? Conclusion { get; }

        public static Step Leaf(string text) => new(text, Array.Empty<Step>());
        public static Step Group(IReadOnlyList<Step> children) => new("", children);

        /// <summary>The steps as indented lines, at most <paramref name="maxLines"/> of them.</summary>
        public IReadOnlyList<string> Lines(int maxLines = 16)
        {
            var lines = new List<string>();
            bool truncated = false;
            Walk(this, 0);
            if (truncated) lines.Add("…");
            return lines;

            void Walk(Step step, int depth)
            {
                if (lines.Count >= maxLines)
                {
                    truncated = true;
                    return;
                }
                bool shown = step.Text.Length > 0;
                if (shown) lines.Add(new string(' ', 2 * depth) + step.Text);
                foreach (var child in step.Children) Walk(child, shown ? depth + 1 : depth);
                if (step.Conclusion is { } c)
                {
                    if (lines.Count >= maxLines) truncated = true;
                    else lines.Add(new string(' ', 2 * depth) + c);
                }
            }
        }

        public override string ToString() => string.Join("\n", Lines(int.MaxValue));
    }

    /// <summary>An antiderivative found by the integrator and the steps that found it.</summary>
    public sealed class Derivation
    {
        public Derivation(Expr result, Step step)
        {
            Result = result;
            Step = step;
        }

        public Expr Result { get; }
        public Step Step { get; }

        /// <summary>The same result, its steps marked as made by <paramref name="rule"/> (a group, so the printed steps are unchanged).</summary>
        internal Derivation By(string rule) => new(Result, new Step("", new[] { Step }, rule: rule));
    }

    /// <summary>Readable math for step texts: short, and elided when a formula is too long to help.</summary>
    internal static class Show
    {
        private const int MaxLength = 90;

        public static string Math(Expr e)
        {
            if (e.Size > 200) return "…";
            string text = MathPrinter.Print(e);
            return text.Length <= MaxLength ? text : "…";
        }

        public static string Integral(Expr f, string x) => "∫ " + Wrapped(f) + " d" + x;

        private static string Wrapped(Expr f)
        {
            string text = Math(f);
            return f is SumExpr ? "(" + text + ")" : text;
        }

        public static string Join(params string[] parts)
        {
            var sb = new StringBuilder();
            foreach (var p in parts) sb.Append(p);
            return sb.ToString();
        }
    }
}
