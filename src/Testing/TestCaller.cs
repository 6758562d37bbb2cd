using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Json;

namespace Bunbase.Testing;

/// <summary>
/// Calls the app's actions over HTTP as one caller: anonymous (<see cref="BunbaseTestApp.CallAsync{TOutput}(IActionInput{TOutput}, CancellationToken)"/>)
/// or signed in (<see cref="BunbaseTestApp.SignInAsync(string, string[])"/>), whose session token goes with every request as a bearer token.
/// The request is what a client would send (route, query, headers, cookies and JSON body placed as the
/// action binds them), so binding, guards, validation and serialisation are the app's own.
/// </summary>
public sealed class TestCaller
{
    private readonly ActionCatalog _catalog;
    private readonly JsonContracts _json;
    private readonly JsonSerializerOptions _withMetadata;

    internal TestCaller(HttpClient http, ActionCatalog catalog, JsonContracts json, JsonSerializerOptions withMetadata, string? userId, string? token)
    {
        Http = http;
        _catalog = catalog;
        _json = json;
        _withMetadata = withMetadata;
        UserId = userId;
        Token = token;
    }

    /// <summary>A client for raw requests, with this caller's session (if any) as <c>Authorization: Bearer</c>.</summary>
    public HttpClient Http { get; }

    /// <summary>The signed-in user's id; null for the anonymous caller.</summary>
    public string? UserId { get; }

    /// <summary>The session token (send it as the session cookie to test cookie sessions); null for the anonymous caller.</summary>
    public string? Token { get; }

#pragma warning disable RS0026, RS0027 // New API, overloads told apart by their first parameter: by input type, or by action name (and a SessionUser or a user id).
    /// <summary>Calls the action <paramref name="input"/> names and returns its output.</summary>
    /// <exception cref="ActionCallException">The action answered with an error (its status, code and problem).</exception>
    public async Task<TOutput> CallAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default) =>
        (await SendAsync(input, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Calls an action by name, for inputs that do not implement <see cref="IActionInput{TOutput}"/>.</summary>
    /// <exception cref="ActionCallException">The action answered with an error.</exception>
    public async Task<TOutput> CallAsync<TOutput>(string action, object input, CancellationToken cancellationToken = default) =>
        (await SendAsync<TOutput>(action, input, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Calls the action <paramref name="input"/> names and returns its status with the output or the problem.</summary>
    public Task<ActionResponse<TOutput>> SendAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_catalog.ByInputType.TryGetValue(input.GetType(), out var action))
            throw new InvalidOperationException($"No action of this app takes {input.GetType().FullName}.");
        return SendAsync<TOutput>(action, input, cancellationToken);
    }

    /// <summary>Calls an action by name and returns its status with the output or the problem.</summary>
    public Task<ActionResponse<TOutput>> SendAsync<TOutput>(string action, object input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(input);
        if (!_catalog.ByName.TryGetValue(action, out var descriptor))
            throw new InvalidOperationException($"This app has no action '{action}'.");
        if (descriptor.InputType != input.GetType())
            throw new InvalidOperationException($"Action '{action}' takes {descriptor.InputType.FullName}, not {input.GetType().FullName}.");
        if (!typeof(TOutput).IsAssignableFrom(descriptor.OutputType))
            throw new InvalidOperationException($"Action '{action}' answers {descriptor.OutputType.FullName}, not {typeof(TOutput).FullName}.");
        return SendAsync<TOutput>(descriptor, input, cancellationToken);
    }

#pragma warning restore RS0026, RS0027

    private async Task<ActionResponse<TOutput>> SendAsync<TOutput>(ActionDescriptor action, object input, CancellationToken cancellationToken)
    {
        using var request = ActionRequests.Create(action, input, _json);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new ActionResponse<TOutput>(response.StatusCode, response.Headers, ActionRequests.ReadOutput<TOutput>(action, response, body, _json, _withMetadata), null)
            : new ActionResponse<TOutput>(response.StatusCode, response.Headers, default, ActionProblem.Read(response.StatusCode, body));
    }
}
