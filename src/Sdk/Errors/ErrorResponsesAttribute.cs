namespace Bunbase;

/// <summary>
/// Declares the typed errors (<see cref="ActionException"/> statuses) an action may raise itself or
/// through nested calls, so its OpenAPI operation describes them. Errors the runtime produces
/// (400 for input, 413 and 415 for bodies, 500) are documented without this attribute.
/// </summary>
/// <param name="statuses">HTTP statuses, for example 404 and 409.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ErrorResponsesAttribute(params int[] statuses) : Attribute
{
    /// <summary>The declared statuses.</summary>
#pragma warning disable CA1819 // Attribute arguments must be arrays.
    public int[] Statuses { get; } = statuses;
#pragma warning restore CA1819
}
