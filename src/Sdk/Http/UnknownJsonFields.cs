namespace Bunbase;

/// <summary>What a JSON request body's fields that the input does not declare get.</summary>
public enum UnknownJsonFields
{
    /// <summary>They are ignored (the default): clients may send more than an action reads.</summary>
    Ignore,

    /// <summary>They are refused: 400 <c>validation_failed</c>, with each unknown field named in <c>errors</c>.</summary>
    Refuse,
}
