namespace CompileTimeCalculus.Generators
{
    /// <summary>Metadata names of the runtime library's attributes (a test checks them against the real types).</summary>
    internal static class KnownNames
    {
        public const string DerivativeAttribute = "CompileTimeCalculus.DerivativeAttribute";
        public const string DerivativeOfAttribute = "CompileTimeCalculus.DerivativeOfAttribute";
        public const string AntiderivativeOfAttribute = "CompileTimeCalculus.AntiderivativeOfAttribute";
        public const string GradientOfAttribute = "CompileTimeCalculus.GradientOfAttribute";
        public const string AntiderivativeAttribute = "CompileTimeCalculus.AntiderivativeAttribute";
        public const string DefiniteIntegralAttribute = "CompileTimeCalculus.DefiniteIntegralAttribute";
        public const string GradientAttribute = "CompileTimeCalculus.GradientAttribute";
        public const string HessianAttribute = "CompileTimeCalculus.HessianAttribute";
        public const string JacobianAttribute = "CompileTimeCalculus.JacobianAttribute";
        public const string JacobianVectorProductAttribute = "CompileTimeCalculus.JacobianVectorProductAttribute";
        public const string HessianVectorProductAttribute = "CompileTimeCalculus.HessianVectorProductAttribute";
        public const string VectorJacobianProductAttribute = "CompileTimeCalculus.VectorJacobianProductAttribute";
        public const string GeneratorName = "CompileTimeCalculus.Generators";
        public const string GeneratorVersion = "0.1.0";
        public const string StableFormsProperty = "build_property.CompileTimeCalculusStableForms";
    }

    /// <summary>Names of the incremental steps, for tests that prove caching.</summary>
    internal static class TrackingNames
    {
        public const string FindMethods = "FindMethods";
        public const string Read = "Read";
        public const string Generate = "Generate";
        public const string GroupByType = "GroupByType";
        public const string TargetMath = "TargetMath";
    }
}
