using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>
/// Every operation the example app documents, sent what a hostile or broken client sends (bodies that are not the
/// input, path values and query strings that are not what the route takes, malformed credentials and headers), with and
/// without a session, over a plain socket so nothing is cleaned up on the way: none may be answered with a 5xx or left
/// unanswered. The specific answers are other tests' business (BadInputTests, ProtocolErrorTests and the contract tests).
/// </summary>
public sealed class HostileInputSweepTests
{
    private static readonly (string Name, byte[] Body)[] Bodies =
    [
        ("unfinished JSON", "{"u8.ToArray()),
        ("an array", "[]"u8.ToArray()),
        ("null", "null"u8.ToArray()),
        ("a number past double", "1e400"u8.ToArray()),
        ("a string", "\"x\""u8.ToArray()),
        ("arrays 5,000 deep", Encoding.ASCII.GetBytes(new string('[', 5000) + new string(']', 5000))),
        ("objects 3,000 deep", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000))),
        ("lone surrogates", """{"name":"\ud800","title":"\udc00","email":"\ud800@x"}"""u8.ToArray()),
        ("bytes that are not UTF-8", [.. "{\"name\":\""u8, 0xff, 0xfe, .. "\",\"title\":\""u8, 0xc3, .. "\"}"u8]),
        ("a UTF-8 byte order mark", [0xef, 0xbb, 0xbf, .. "{}"u8]),
        ("duplicate members", """{"title":"a","title":"b"}"""u8.ToArray()),
        ("numbers out of range", """{"id":99999999999999999999999999,"count":1e309,"limit":-99999999999,"amount":-0.0}"""u8.ToArray()),
        ("every member the wrong type", """{"title":123,"body":[],"name":{},"count":"x","email":true,"password":null,"done":"yes"}"""u8.ToArray()),
        ("NUL characters", """{"title":"a\u0000b","body":"\u0000","name":"\u0000"}"""u8.ToArray()),
        ("nothing", []),
        ("only spaces", "   "u8.ToArray()),
        ("a 200,000-character string", Encoding.ASCII.GetBytes("{\"title\":\"" + new string('a', 200_000) + "\"}")),
        ("20,000 unknown members", Encoding.ASCII.GetBytes("{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"f{i}\":{i}")) + "}")),
        ("NaN", """{"count":NaN}"""u8.ToArray()),
        ("text after the value", """{"a":1} x"""u8.ToArray()),
        ("a comment", """{/*c*/"a":1}"""u8.ToArray()),
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=", "application/json; charset=latin1",
        "application/json; charset=\"", "image/png",
    ];

    private static readonly string[] PathValues =
    [
        "-1", "0", "99999999999999999999999", "%00", "%ZZ", "a%2Fb", "%2e%2e", new string('x', 3000), "%F0%9F%98%80", "%C3%28", "1.5", "%20",
    ];

    private static readonly string[] Queries =
    [
        "?limit=-1&cursor=%ZZ&before=abc&from=zz&channel=&channel=a%00b",
        "?limit=999999999999&after=" + new string('9', 40) + "&lastEventId=-5&category=%FF&page=1e9",
    ];

    private static readonly (string Name, string Value)[] Headers =
    [
        ("Authorization", "Bearer x.y.z"),
        ("Authorization", "Basic %%%"),
        ("Cookie", "session=%%%; bunbase_session=abc"),
        ("traceparent", "00-zz-yy-01"),
        ("X-Forwarded-For", "::::,,999.1.1.1"),
        ("Accept", "*/*;q=abc"),
        ("Range", "bytes=9-1,-0,abc"),
        ("If-None-Match", "\"\\"),
        ("If-Modified-Since", "garbage"),
        ("Origin", "null"),
        ("X-Api-Key", new string('\u00ff', 10)),
        ("Idempotency-Key", new string('x', 5000)),
    ];

    [Fact]
    public async Task No_hostile_request_to_a_documented_operation_gets_a_5xx_or_no_answer()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleMigratedConfig);
        using (var signUp = await server.Client.PostAsJsonAsync("/_accounts/sign-up", new { email = "sweep@example.com", password = "correct horse battery", name = "Sweep" }))
            Assert.True(signUp.IsSuccessStatusCode, await signUp.Content.ReadAsStringAsync());
        using var signIn = await server.Client.PostAsJsonAsync("/_accounts/sign-in", new { email = "sweep@example.com", password = "correct horse battery" });
        var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        using var document = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi.json"));
        var requests = new List<(string Label, byte[] Request)>();
        var operations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var method = operation.Name.ToUpperInvariant();
                foreach (var session in new[] { null, token })
                {
                    // Ending the sweep's own session would turn the rest of it anonymous.
                    if (session is not null && (path.Name.Contains("sign-out", StringComparison.Ordinal) || (method == "DELETE" && path.Name.Contains("sessions", StringComparison.Ordinal))))
                        continue;
                    requests.AddRange(RequestsFor(method, path.Name, session));
                }
            }
        }

        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var response = await RawHttp.ExchangeAsync(server.Address, request.Request);
            if (response.Status is 0 or >= 500)
                failures.Add($"{request.Label}: {response.Status} {response.Body[..Math.Min(300, response.Body.Length)]}");
        });

        Assert.True(operations >= 40, $"the example app documents {operations} operations; the sweep expects its 45");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count}:\n{string.Join('\n', failures.Take(20))}");
        using var health = await server.Client.GetAsync("/_health");
        Assert.True(health.IsSuccessStatusCode);
    }

    private static IEnumerable<(string Label, byte[] Request)> RequestsFor(string method, string template, string? session)
    {
        var hasBody = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var who = session is null ? "anonymous" : "signed in";
        var plain = Regex.Replace(template, "\\{[^}]+\\}", "1");
        byte[]? json = hasBody ? "{}"u8.ToArray() : null;

        foreach (var value in PathValues.Where(_ => template.Contains('{', StringComparison.Ordinal)))
            yield return ($"{method} {template} with {value[..Math.Min(20, value.Length)]}, {who}", Build(method, Regex.Replace(template, "\\{[^}]+\\}", value), session, json));
        foreach (var query in Queries)
            yield return ($"{method} {plain}{query[..20]}, {who}", Build(method, plain + query, session, json));
        foreach (var (name, value) in Headers)
            yield return ($"{method} {plain} with a bad {name}, {who}", Build(method, plain, name == "Authorization" || name == "Cookie" ? null : session, json, (name, value)));
        if (!hasBody)
            yield break;
        foreach (var (name, body) in Bodies)
            yield return ($"{method} {plain} with {name}, {who}", Build(method, plain, session, body));
        foreach (var contentType in ContentTypes)
            yield return ($"{method} {plain} as {contentType}, {who}", Build(method, plain, session, "{\"a\":1}"u8.ToArray(), contentType: contentType));
    }

    private static byte[] Build(string method, string target, string? session, byte[]? body, (string Name, string Value)? header = null, string contentType = "application/json")
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (session is not null)
            head.Append("Authorization: Bearer ").Append(session).Append("\r\n");
        if (header is { } extra)
            head.Append(extra.Name).Append(": ").Append(extra.Value).Append("\r\n");
        if (body is not null)
            head.Append("Content-Type: ").Append(contentType).Append("\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }
}
