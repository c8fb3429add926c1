using System;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// An element read outside its array while the verifier runs a program (where C# throws IndexOutOfRangeException):
    /// which read, which index, how long the array was, so the verifier can fit the lengths or say what it tried.
    /// </summary>
    public sealed class ElementOutOfRangeException : Exception
    {
        public ElementOutOfRangeException(ElementRead element, long index, int length)
            : base($"{element.Name} with {element.Index} = {index} is outside 0..{length - 1}.")
        {
            Element = element;
            Index = index;
            Length = length;
        }

        public ElementRead Element { get; }
        public long Index { get; }
        public int Length { get; }
    }
}
