using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Tests.Programs;

/// <summary>Builds programs by hand, as the front end would from C#: parameters, element reads, statements.</summary>
internal sealed class ProgramBuilder
{
    private readonly List<ProgramParameter> _parameters = new();
    private readonly Dictionary<string, ElementRead> _elements = new();

    public Expr Scalar(string name)
    {
        _parameters.Add(new ProgramParameter(name, ParameterKind.Scalar));
        return Expr.Var(name);
    }

    public IntExpr Integer(string name)
    {
        _parameters.Add(new ProgramParameter(name, ParameterKind.Integer));
        return IntExpr.Variable(name);
    }

    public string Array(string name)
    {
        _parameters.Add(new ProgramParameter(name, ParameterKind.Array));
        return name;
    }

    public Expr Element(string array, IntExpr index)
    {
        string name = ElementRead.NameOf(array, index);
        _elements[name] = new ElementRead(name, array, index);
        return Expr.Var(name);
    }

    public static IntExpr I(string counter) => IntExpr.Variable(counter);
    public static IntExpr Length(string array) => IntExpr.Length(array);

    public static Statement Let(string target, Expr value) => new AssignStatement(target, value);

    public static Statement Return(Expr value) => new ReturnStatement(value);

    public static Statement Buffer(string name, IntExpr length) => new BufferStatement(name, length);

    public static Statement Store(string buffer, IntExpr index, Expr value) => new StoreStatement(buffer, index, value);

    public static Statement If(Expr test, Statement[] then, Statement[]? otherwise = null) =>
        new IfStatement(test, new ValueList<Statement>(then), new ValueList<Statement>(otherwise ?? System.Array.Empty<Statement>()));

    public static Statement For(string counter, IntExpr lower, IntExpr upper, params Statement[] body) =>
        new ForStatement(counter, lower, upper, false, new ValueList<Statement>(body), new ValueList<string>(Declared(body)));

    public static Statement ForDown(string counter, IntExpr lower, IntExpr upper, params Statement[] body) =>
        new ForStatement(counter, lower, upper, true, new ValueList<Statement>(body), new ValueList<string>(Declared(body)));

    /// <summary>Locals whose names start with '_' count as declared in the loop body that assigns them.</summary>
    private static IEnumerable<string> Declared(IEnumerable<Statement> body) =>
        body.OfType<AssignStatement>().SelectMany(a => a.Assignments).Select(a => a.Target).Where(t => t.StartsWith('_')).Distinct();

    public Program Build(params Statement[] body) =>
        new(new ValueList<ProgramParameter>(_parameters), new ValueList<ElementRead>(_elements.Values), new ValueList<Statement>(body));

    public static Expr V(string name) => Expr.Var(name);
    public static Expr N(double value) => Expr.Num(value);
}
