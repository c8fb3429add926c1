using System;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// The one rule for a limit the engine hit: the step budget or an expression's size (<see cref="ExpressionLimitException"/>),
    /// or nesting too deep for the stack. Each engine turns it into its "limit exceeded" outcome with the message here:
    /// <c>catch (Exception e) when (EngineLimits.IsLimit(e, out string message))</c>. Cancellation is not a limit.
    /// </summary>
    public static class EngineLimits
    {
        public static bool IsLimit(Exception e, out string message)
        {
            switch (e)
            {
                case ExpressionLimitException limit:
                    message = limit.Message;
                    return true;
                case InsufficientExecutionStackException:
                    message = "it is nested too deeply to process safely";
                    return true;
                default:
                    message = "";
                    return false;
            }
        }
    }
}
