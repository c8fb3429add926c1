namespace CompileTimeCalculus.Engine
{
    /// <summary>The floating-point type a method computes in: what its literals, math calls and outputs are.</summary>
    public enum NumericType { Double, Single }
}
