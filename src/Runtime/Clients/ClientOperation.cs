using System.Collections.Immutable;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>One HTTP-triggered action as a client function: its name, request shape and result.</summary>
/// <param name="Action">The action.</param>
/// <param name="FunctionName">camelCase (<c>createTask</c>); the C# method is its PascalCase with <c>Async</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Route">The path template with parameter names only (<c>/tasks/{id}</c>); a catch-all keeps its star (<c>/files/{*path}</c>).</param>
/// <param name="SuccessStatus">The status of a success.</param>
/// <param name="InputType">The input type (named in the client when it has members).</param>
/// <param name="Parameters">The input's members, where the action binds them.</param>
/// <param name="ResultType">The output type, or null when the success response has no body.</param>
/// <param name="ResultHeaders">Output members written as response headers.</param>
/// <param name="RequiresSession">Whether the action needs a session.</param>
internal sealed record ClientOperation(
    ActionDescriptor Action,
    string FunctionName,
    string Method,
    string Route,
    int SuccessStatus,
    Type InputType,
    ImmutableArray<ClientParameter> Parameters,
    Type? ResultType,
    ImmutableArray<ClientMember> ResultHeaders,
    bool RequiresSession)
{
    public bool HasBody => Parameters.Any(p => p.Source == BindingSource.Body);

    public bool HasInput => !Parameters.IsEmpty;

    public string PascalName => char.ToUpperInvariant(FunctionName[0]) + FunctionName[1..];
}
