using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Evaluation
{
    /// <summary>
    /// An expression flattened into a straight-line program over slots (shared subtrees computed once), for the many
    /// evaluations of verification and quadrature. Same semantics as <see cref="Evaluator"/>; not thread-safe.
    /// </summary>
    public sealed class CompiledExpression
    {
        private enum Op : byte { Constant, Variable, Sum, Product, Power, Call, UserCall, Conditional, Compare, And, Or, Not }

        private readonly Op[] _ops;
        private readonly int[] _first;   // index into _operands
        private readonly int[] _count;
        private readonly int[] _operands;
        private readonly double[] _constants;
        private readonly Function[] _functions;
        private readonly UserCallExpr?[] _userCalls;
        private readonly ComparisonOperator[] _comparisons;
        private readonly Number?[] _exactExponents;
        private readonly double[] _slots;
        private readonly string[] _variables;

        public CompiledExpression(Expr e, IReadOnlyList<string> variables, Budget budget)
        {
            _variables = new string[variables.Count];
            for (int i = 0; i < variables.Count; i++) _variables[i] = variables[i];
            var nodes = Rewrite.Subtrees(e, budget);
            var index = new Dictionary<Expr, int>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++) index[nodes[i]] = i;
            int n = nodes.Count;
            _ops = new Op[n];
            _first = new int[n];
            _count = new int[n];
            _constants = new double[n];
            _functions = new Function[n];
            _userCalls = new UserCallExpr?[n];
            _comparisons = new ComparisonOperator[n];
            _exactExponents = new Number?[n];
            _slots = new double[n];
            var operands = new List<int>();
            for (int i = 0; i < n; i++)
            {
                var node = nodes[i];
                _first[i] = operands.Count;
                foreach (var c in node.Children) operands.Add(index[c]);
                _count[i] = node.Children.Count;
                switch (node)
                {
                    case NumberExpr num:
                        _ops[i] = Op.Constant;
                        _constants[i] = num.Value.Value;
                        break;
                    case ConstantExpr k:
                        _ops[i] = Op.Constant;
                        _constants[i] = k.Value;
                        break;
                    case VariableExpr v:
                        _ops[i] = Op.Variable;
                        int position = Array.IndexOf(_variables, v.Name);
                        if (position < 0) throw new KeyNotFoundException($"No value for '{v.Name}'.");
                        _first[i] = position;
                        break;
                    case SumExpr:
                        _ops[i] = Op.Sum;
                        break;
                    case ProductExpr:
                        _ops[i] = Op.Product;
                        break;
                    case PowerExpr p:
                        _ops[i] = Op.Power;
                        if (p.Exponent is NumberExpr { Value: { IsExact: true } exact }) _exactExponents[i] = exact;
                        break;
                    case CallExpr c:
                        _ops[i] = Op.Call;
                        _functions[i] = c.Function;
                        break;
                    case UserCallExpr user:
                        _ops[i] = Op.UserCall;
                        _userCalls[i] = user;
                        break;
                    case ConditionalExpr:
                        _ops[i] = Op.Conditional;
                        break;
                    case ComparisonExpr cmp:
                        _ops[i] = Op.Compare;
                        _comparisons[i] = cmp.Operator;
                        break;
                    case LogicalExpr l:
                        _ops[i] = l.Operator switch { LogicalOperator.And => Op.And, LogicalOperator.Or => Op.Or, _ => Op.Not };
                        break;
                }
            }
            _operands = operands.ToArray();
        }

        private double[]? _errors;

        /// <summary>
        /// The value, and a first-order bound on its rounding error in double precision (running error analysis): every
        /// operation adds its own rounding to the errors of its operands carried through it. Constants count as rounded;
        /// a function's error over its argument's error ball is measured by evaluating it at the ball's ends. Infinite
        /// where the ball leaves a function's domain.
        /// </summary>
        public double EvaluateWithError(IReadOnlyList<double> values, out double error)
        {
            const double Epsilon = 1.1102230246251565e-16;
            var s = _slots;
            var e = _errors ??= new double[_ops.Length];
            double value = Evaluate(values);
            for (int i = 0; i < _ops.Length; i++)
            {
                int first = _first[i], count = _count[i];
                switch (_ops[i])
                {
                    case Op.Constant:
                        // Integers are exact in double; other constants count as rounded.
                        e[i] = s[i] == Math.Floor(s[i]) && Math.Abs(s[i]) < 9e15 ? 0 : Epsilon * Math.Abs(s[i]);
                        break;
                    case Op.Variable:
                        e[i] = 0;
                        break;
                    case Op.Sum:
                    {
                        double carried = 0, magnitude = 0;
                        for (int k = 0; k < count; k++)
                        {
                            int operand = _operands[first + k];
                            carried += e[operand];
                            magnitude += Math.Abs(s[operand]);
                        }
                        e[i] = carried + count * Epsilon * magnitude;
                        break;
                    }
                    case Op.Product:
                    {
                        // Σₖ eₖ·Πⱼ≠ₖ |sⱼ|, plus one rounding per factor.
                        double carried = 0;
                        for (int k = 0; k < count; k++)
                        {
                            double term = e[_operands[first + k]];
                            for (int j = 0; j < count && term != 0; j++) if (j != k) term *= Math.Abs(s[_operands[first + j]]);
                            carried += term;
                        }
                        e[i] = carried + count * Epsilon * Math.Abs(s[i]);
                        break;
                    }
                    case Op.Power:
                    {
                        int b = _operands[first], x = _operands[first + 1];
                        double spread = 0;
                        for (int corner = 0; corner < 4; corner++)
                        {
                            // The four corners of the base's and the exponent's error ranges.
                            // An exact exponent of the IR (3, 1/2) is exact: only the base's error spreads.
                            var exact = _exactExponents[i];
                            double db = (corner & 1) == 0 ? -e[b] : e[b], dx = exact is not null ? 0 : (corner & 2) == 0 ? -e[x] : e[x];
                            spread = Math.Max(spread, Math.Abs(Evaluator.PowerOf(s[b] + db, exact, s[x] + dx) - s[i]));
                        }
                        e[i] = double.IsNaN(spread) ? double.PositiveInfinity : spread + 4 * Epsilon * Math.Abs(s[i]);
                        break;
                    }
                    case Op.Call:
                    {
                        int u = _operands[first];
                        double v = count > 1 ? s[_operands[first + 1]] : double.NaN;
                        double spread = 0;
                        if (e[u] > 0)
                        {
                            double low = Evaluator.Apply(_functions[i], s[u] - e[u], v), high = Evaluator.Apply(_functions[i], s[u] + e[u], v);
                            spread = Math.Max(Math.Abs(low - s[i]), Math.Abs(high - s[i]));
                        }
                        if (count > 1) spread += e[_operands[first + 1]] * 2; // min, max, atan2 of two: a coarse allowance
                        e[i] = double.IsNaN(spread) ? double.PositiveInfinity : spread + 4 * Epsilon * Math.Abs(s[i]);
                        break;
                    }
                    case Op.UserCall:
                    {
                        // The stand-in's slopes are below 1.5: its change over the arguments' error balls is below their sum.
                        double carried = 0;
                        for (int k = 0; k < count; k++) carried += 1.5 * e[_operands[first + k]];
                        e[i] = carried + 4 * Epsilon * Math.Abs(s[i]);
                        break;
                    }
                    case Op.Conditional:
                        e[i] = s[_operands[first]] != 0 ? e[_operands[first + 1]] : e[_operands[first + 2]];
                        break;
                    default:
                        e[i] = 0;
                        break;
                }
            }
            error = e[e.Length - 1];
            return value;
        }

        /// <summary>Evaluates with the variables' values in the order given to the constructor.</summary>
        public double Evaluate(params double[] values) => Evaluate((IReadOnlyList<double>)values);

        public double Evaluate(IReadOnlyList<double> values)
        {
            var s = _slots;
            for (int i = 0; i < _ops.Length; i++)
            {
                int first = _first[i], count = _count[i];
                switch (_ops[i])
                {
                    case Op.Constant:
                        s[i] = _constants[i];
                        break;
                    case Op.Variable:
                        s[i] = values[first];
                        break;
                    case Op.Sum:
                    {
                        double total = 0;
                        for (int k = 0; k < count; k++) total += s[_operands[first + k]];
                        s[i] = total;
                        break;
                    }
                    case Op.Product:
                    {
                        double total = 1;
                        for (int k = 0; k < count; k++) total *= s[_operands[first + k]];
                        s[i] = total;
                        break;
                    }
                    case Op.Power:
                        s[i] = Evaluator.PowerOf(s[_operands[first]], _exactExponents[i], s[_operands[first + 1]]);
                        break;
                    case Op.Call:
                        s[i] = Evaluator.Apply(_functions[i], s[_operands[first]], count > 1 ? s[_operands[first + 1]] : double.NaN);
                        break;
                    case Op.UserCall:
                    {
                        var arguments = new double[count];
                        for (int k = 0; k < count; k++) arguments[k] = s[_operands[first + k]];
                        s[i] = _userCalls[i]!.Function.Surrogate(_userCalls[i]!.Index, arguments);
                        break;
                    }
                    case Op.Conditional:
                        s[i] = s[_operands[first]] != 0 ? s[_operands[first + 1]] : s[_operands[first + 2]];
                        break;
                    case Op.Compare:
                    {
                        s[i] = Evaluator.Compare(_comparisons[i], s[_operands[first]], s[_operands[first + 1]]) ? 1 : 0;
                        break;
                    }
                    case Op.And:
                        s[i] = s[_operands[first]] != 0 && s[_operands[first + 1]] != 0 ? 1 : 0;
                        break;
                    case Op.Or:
                        s[i] = s[_operands[first]] != 0 || s[_operands[first + 1]] != 0 ? 1 : 0;
                        break;
                    default:
                        s[i] = s[_operands[first]] == 0 ? 1 : 0;
                        break;
                }
            }
            return s[s.Length - 1];
        }
    }
}
