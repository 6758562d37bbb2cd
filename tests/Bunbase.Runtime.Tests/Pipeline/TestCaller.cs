using System.Net;
using Bunbase.Runtime.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>A caller of the test transport: a bearer token, no HTTP; the response metadata the pipeline leaves is kept.</summary>
internal sealed class TestCaller(string? bearerToken) : ICallerRequest
{
    public Dictionary<string, StringValues> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public StringValues Authorization => bearerToken is null ? StringValues.Empty : new StringValues("Bearer " + bearerToken);

    public StringValues Cookies => StringValues.Empty;

    public bool MayChangeState => true;

    public StringValues Origin => StringValues.Empty;

    public string Scheme => "test";

    public string Host => "localhost";

    public IPAddress? ClientAddress => IPAddress.Loopback;

    public CancellationToken Aborted => CancellationToken.None;

    public void SetResponseHeader(string name, StringValues value) => ResponseHeaders[name] = value;

    public void OnResponseStarting(Func<object, Task> callback, object state)
    {
    }

    public void AppendCookie(string name, string value, CookieOptions options)
    {
    }

    public void DeleteCookie(string name, CookieOptions options)
    {
    }
}
