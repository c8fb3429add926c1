using System;
using System.Linq;
using System.Reflection;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using Xunit;

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
}
