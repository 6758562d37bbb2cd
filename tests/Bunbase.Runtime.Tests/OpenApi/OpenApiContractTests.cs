using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>
/// Calls every action of the example, benchmark and fixture apps with valid and invalid input, and
/// checks each response's status, headers and body against the app's own document with an
/// independent JSON Schema 2020-12 validator (ajv, tests/openapi-tools/check-responses.mjs).
/// </summary>
public sealed class OpenApiContractTests
{
    private const string Json = "application/json";

    // A small body limit, so the 413 of every action with a body can be exercised cheaply.
    private const string SmallBodies = """ "maxRequestBodySize": 4096 """;

    private static readonly string TooLarge = $$"""{"name":"{{new string('x', 8192)}}","count":1}""";

    [Fact]
    public Task Example_app_responses_match_its_document()
    {
        var missing = Guid.NewGuid();
        return CheckAsync(Apps.Example,
        [
            new("GET", "/hello", "/hello"),
            new("POST", "/echo", "/echo", """{"name":"bench","count":42}"""),
            new("POST", "/echo", "/echo", """{"name":"","count":5000}"""),
            new("POST", "/echo", "/echo", """{"name":"x""", Json),
            new("POST", "/echo", "/echo", "name=x", "text/plain"),
            new("POST", "/echo", "/echo", TooLarge),
            new("POST", "/tasks", "/tasks", """{"title":"write the contract test"}"""),
            new("POST", "/tasks", "/tasks", TooLarge),
            new("POST", "/tasks", "/tasks", "title", "text/plain"),
            new("POST", "/tasks", "/tasks", """{"title":""}"""),
            new("GET", "/tasks", "/tasks?limit=5"),
            new("GET", "/tasks", "/tasks?limit=0"),
            new("GET", "/tasks/{id}", "/tasks/{created}"),
            new("GET", "/tasks/{id}", $"/tasks/{missing}"),
            new("GET", "/tasks/{id}", "/tasks/not-a-guid"),
            new("DELETE", "/tasks/{id}", "/tasks/{created}"),
            new("DELETE", "/tasks/{id}", $"/tasks/{missing}"),
            // The accounts module's own operations (under /_accounts) are checked with its fixture app; here, those the
            // example's actions need: an account, its session, an organisation.
            new("POST", "/_accounts/sign-up", "/_accounts/sign-up", """{"email":"ann@example.com","password":"correct horse battery","name":"Ann"}"""),
            new("POST", "/_accounts/sign-in", "/_accounts/sign-in", """{"email":"ann@example.com","password":"correct horse battery"}""", SaveToken: "reader"),
            new("GET", "/me/profile", "/me/profile", Headers: [("Authorization", "Bearer {token:reader}")], RetryUntilOk: true, SaveId: "reader"), // made by the account-created subscriber
            new("GET", "/me/profile", "/me/profile"),
            new("GET", "/users/{id}", "/users/{id:reader}", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/users/{id}", "/users/999999", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/users/{id}", "/users/0", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/users/{id}", "/users/{id:reader}"),
            new("PUT", "/me/avatar", "/me/avatar", "not really a png", "image/png", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("PUT", "/me/avatar", "/me/avatar", "GIF89a", "image/gif", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/users/{id}/avatar", "/users/{id:reader}/avatar", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/users/{id}/avatar", "/users/999999/avatar", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/me/avatar/upload-url", "/me/avatar/upload-url", """{"contentType":"image/png"}""", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/me/avatar/upload-url", "/me/avatar/upload-url", """{"contentType":"text/html"}""", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/_accounts/orgs", "/_accounts/orgs", """{"name":"Ann's team"}""", Headers: [("Authorization", "Bearer {token:reader}")], SaveId: "org"),
            new("POST", "/orgs/{org}/announcements", "/orgs/{id:org}/announcements", """{"text":"Welcome, team"}""", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/orgs/{org}/announcements", "/orgs/{id:org}/announcements", """{"text":""}""", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/orgs/{org}/announcements", "/orgs/not-an-org/announcements", """{"text":"Hello"}""", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/orgs/{org}/announcements", "/orgs/{id:org}/announcements", """{"text":"Hello"}"""),
            new("GET", "/orgs/{org}/announcements", "/orgs/{id:org}/announcements?limit=5", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/orgs/{org}/announcements", "/orgs/{id:org}/announcements?limit=0", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("GET", "/orgs/{org}/announcements", "/orgs/not-an-org/announcements", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/auth/sign-out-everywhere", "/auth/sign-out-everywhere", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/auth/sign-out-everywhere", "/auth/sign-out-everywhere", Headers: [("Authorization", "Bearer {token:reader}")]),
            new("POST", "/notes", "/notes", """{"title":"t","body":"b"}"""),
            new("POST", "/notes", "/notes", """{"title":"","body":"b"}"""),
            new("POST", "/notes", "/notes", TooLarge),
            new("POST", "/notes", "/notes", "title", "text/plain"),
            new("GET", "/notes/{id}", "/notes/{created}"),
            new("GET", "/notes/{id}", "/notes/999999"),
            new("GET", "/notes/stats", "/notes/stats", RetryUntilOk: true), // the cron job's first (catch-up) tick runs at start
            new("GET", "/notes/activity", "/notes/activity"),
        ], [200, 201, 202, 204, 400, 401, 403, 404, 413, 415],
        SmallBodies + ", " + Apps.ExampleMigratedConfig,
        skipOperationsUnder: "/_accounts/");
    }

    [Fact]
    public Task Benchmark_app_responses_match_its_document()
    {
        // Its database scenarios on the embedded database, migrated at start (10,000 users).
        var migrations = Path.Combine(NodeTools.RepositoryRoot(), "benchmarks", "apps", "Bunbase.Bench", "migrations").Replace("\\", "/", StringComparison.Ordinal);
        return CheckAsync(Apps.Bench,
        [
            new("GET", "/hello", "/hello"),
            new("POST", "/echo", "/echo", """{"name":"bench","count":42}"""),
            new("POST", "/echo", "/echo", """{"count":-1}"""),
            new("POST", "/echo", "/echo", TooLarge),
            new("POST", "/echo", "/echo", "{}", "text/plain"),
            new("GET", "/hello-limited", "/hello-limited"),
            new("GET", "/stall", "/stall"),
            new("POST", "/realtime/publish", "/realtime/publish", """{"sent":1}"""),
            new("POST", "/realtime/publish", "/realtime/publish", "{}", "text/plain"),
            new("GET", "/bench/memory", "/bench/memory"),
            new("POST", "/session", "/session", SaveToken: "bench"),
            new("GET", "/me", "/me", Headers: [("Authorization", "Bearer {token:bench}")]),
            new("GET", "/me", "/me"),
            new("GET", "/me-anonymous", "/me-anonymous"),
            new("GET", "/users/{id}", "/users/10000"),
            new("GET", "/users/{id}", "/users/10001"),
            new("GET", "/users/{id}", "/users/0"),
            new("POST", "/notes", "/notes", """{"title":"bench note","body":"some body text"}"""),
            new("POST", "/notes", "/notes", """{"title":"bench note"}"""),
            new("POST", "/notes", "/notes", TooLarge),
            new("POST", "/notes", "/notes", "{}", "text/plain"),
            new("POST", "/jobs/ping", "/jobs/ping", """{"n":1}"""),
            new("POST", "/jobs/ping", "/jobs/ping", "{}"),
            new("POST", "/jobs/ping", "/jobs/ping", TooLarge),
            new("POST", "/jobs/ping", "/jobs/ping", "{}", "text/plain"),
            new("POST", "/events/ping", "/events/ping", """{"n":1}"""),
            new("POST", "/events/ping", "/events/ping", "{}"),
            new("POST", "/events/ping", "/events/ping", TooLarge),
            new("POST", "/events/ping", "/events/ping", "{}", "text/plain"),
            new("POST", "/events", "/events", """{"stream":"bench-1","type":"bench-happened","amount":1}"""),
            new("POST", "/events", "/events", """{"stream":"","type":"bench-happened","amount":1}"""),
        ], [200, 400, 401, 404, 413, 415],
        SmallBodies + $$""", "database": { "migrateOnStart": true, "migrationsPath": "{{migrations}}" }""");
    }

    [Fact]
    public async Task Fixture_app_responses_match_its_document()
    {
        // Its database actions report which server answered (pg_is_in_recovery): PostgreSQL, with their table.
        await using var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync("create table probes (id bigint generated always as identity primary key, note text not null)");
        var id = Guid.NewGuid();
        List<Call> calls =
        [
            new("GET", "/hello", "/hello"),
            new("POST", "/echo", "/echo", """{"name":"a","count":1}"""),
            new("POST", "/echo", "/echo", "[]"),
            new("GET", "/bind/{id}/{slug}", "/bind/1/s?page=2&tags=1&tags=2&color=Red&at=2026-01-01T00:00:00Z"),
            new("GET", "/bind/{id}/{slug}", "/bind/x/s"),
            new("PUT", "/items/{id}", $"/items/{id}", """{"name":"w"}""", Headers: [("X-Version", "1")]),
            new("PUT", "/items/{id}", $"/items/{id}", """{"name":""}""", Headers: [("X-Version", "1")]),
            new("PUT", "/items/{id}", $"/items/{id}", """{"name":"w"}"""),
            new("PUT", "/items/{id}", $"/items/{id}", """{"name":"w"}""", Headers: [("X-Version", "abc")]),
            new("PUT", "/items/{id}", $"/items/{id}", """{"name":"w""", Headers: [("X-Version", "1")]),
            new("DELETE", "/items/{id}", $"/items/{id}"),
            new("DELETE", "/items/{id}", "/items/not-a-guid"),
            new("POST", "/echo", "/echo"),
            new("POST", "/echo", "/echo", """{"name":"a","count":1}""", ""),
            new("POST", "/echo", "/echo", """{"name":"a","count":1}""", "application/vnd.api+json"),
            new("POST", "/echo", "/echo", """{"name":"a","count":1}""", "application/json; charset=utf-16"),
            new("GET", "/bind/{id}/{slug}", "/bind/1/s?size=999"),
            new("GET", "/bind/{id}/{slug}", "/bind/1/s?tags=x&color=Purple"),
            new("GET", "/bind/{id}/{slug}", "/bind/99999999999/s"),
            new("POST", "/strict", "/strict", """{"name":"n","count":1}"""),
            new("POST", "/strict", "/strict", "{}"),
            new("POST", "/orders", "/orders", """{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":1}]}"""),
            new("POST", "/orders", "/orders", """{"customer":{"email":"nope"},"lines":[]}"""),
            new("GET", "/call/{kind}", "/call/fine"),
            new("GET", "/call/{kind}", "/call/conflict"),
            new("GET", "/context", "/context"),
            new("GET", "/slow", "/slow?ms=0"),
            new("GET", "/slow", "/slow?ms=-1"),
            new("GET", "/unserializable-output", "/unserializable-output?count=2"),
            new("GET", "/unserializable-output", "/unserializable-output?count=0"),
            new("GET", "/limited", "/limited"),
            new("GET", "/limited-short", "/limited-short"),
            new("GET", "/limited-burst", "/limited-burst"),
            new("GET", "/tenants/{tenant}/limited", "/tenants/t/limited"),
            new("GET", "/tenants/{tenant}/limited", "/tenants/t/limited"),
            new("GET", "/tenants/{tenant}/limited", "/tenants/t/limited"),
            new("POST", "/kv/{key}/increment", "/kv/contract/increment"),
            new("POST", "/tools/greet/{name}", "/tools/greet/ann", """{"greeting":"Hi"}"""),
            new("POST", "/tools/greet/{name}", "/tools/greet/ann", "{}"),
            new("POST", "/tree", "/tree", """{"name":"root","children":[{"name":"leaf","children":null}]}"""),
            new("POST", "/tree", "/tree", """{"name":"root","children":[{"name":"","children":[]}]}"""),
            new("GET", "/db/where", "/db/where"),
            new("GET", "/db/where-primary", "/db/where-primary"),
            new("POST", "/db/write-then-read", "/db/write-then-read", """{"note":"n"}"""),
            new("POST", "/db/write-then-read", "/db/write-then-read", "{}"),
            new("POST", "/db/write-then-call", "/db/write-then-call", """{"note":"n"}"""),
            new("POST", "/db/write-then-call", "/db/write-then-call", "{}"),
            new("POST", "/events/publish", "/events/publish", """{"stream":"open-1","type":"opened"}"""),
            new("POST", "/events/publish", "/events/publish", """{"stream":"-no-category","type":"opened"}"""),
            new("POST", "/realtime/publish", "/realtime/publish", """{"channel":"public:a","event":"said","text":"hi"}"""),
            new("POST", "/realtime/publish", "/realtime/publish", """{"channel":"no spaces","event":"said","text":"hi"}"""),
            new("POST", "/realtime/burst", "/realtime/burst", """{"channel":"public:a","count":3}"""),
            new("POST", "/realtime/burst", "/realtime/burst", """{"channel":"public:a","count":0}"""),
            new("GET", "/realtime/members", "/realtime/members?channel=chat:a"),
            new("GET", "/realtime/members", "/realtime/members?channel=no%20spaces"),
            new("GET", "/db/sleep", "/db/sleep?ms=1"),
            new("GET", "/db/sleep", "/db/sleep?ms=soon"),
            new("POST", "/texts", "/texts", """{"text":"ok","tags":["a"],"nested":{"body":"b","replies":[]},"extra":{"k":1}}"""),
            new("POST", "/texts", "/texts", """{"text":"ok","tags":["a\u0000"]}"""),
            new("POST", "/texts/decoded", "/texts/decoded", """{"base64":"b2s="}"""),
            new("POST", "/texts/decoded", "/texts/decoded", """{"base64":"YQBi"}"""),
            new("POST", "/texts/cut", "/texts/cut", """{"text":"abc","length":2}"""),
            new("POST", "/texts/cut", "/texts/cut", """{"text":"ab\ud83d\ude00c","length":3}"""),
            new("POST", "/texts/decode", "/texts/decode", """{"base64":"YQBi"}"""),
            new("POST", "/texts/decode", "/texts/decode", "{}"),
            new("GET", "/header-echo", "/header-echo?location=/caf%C3%A9&tag=t&crumb=c"),
            new("GET", "/header-echo", "/header-echo?tag=caf%C3%A9"),
            new("POST", "/orders/strict", "/orders/strict", """{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":1}]}"""),
            new("POST", "/orders/strict", "/orders/strict", """{"customer":{"email":"a@example.com","vip":1},"lines":[]}"""),
            new("POST", "/echo/lenient", "/echo/lenient", """{"name":"a","count":1,"extra":2}"""),
            new("POST", "/echo/lenient", "/echo/lenient", """{"name":"","count":1,"extra":2}"""),
        ];
        foreach (var (template, path) in new[] { ("/echo", "/echo"), ("/strict", "/strict"), ("/orders", "/orders"), ("/tree", "/tree"), ("/items/{id}", $"/items/{id}"), ("/db/write-then-read", "/db/write-then-read"), ("/db/write-then-call", "/db/write-then-call") })
        {
            var method = template == "/items/{id}" ? "PUT" : "POST";
            (string, string)[] version = [("X-Version", "1")];
            calls.Add(new(method, template, path, TooLarge, Headers: version));
            calls.Add(new(method, template, path, "{}", "text/plain", Headers: version));
        }

        foreach (var kind in new[] { "fine", "bad-request", "unauthorized", "forbidden", "not-found", "conflict", "too-many", "crash", "bad-output" })
            calls.Add(new("GET", "/fail/{kind}", $"/fail/{kind}"));
        calls.AddRange(FixtureSessionCalls());
        // Every documented status but 503: sign-in and sign-out answer it only while the revocation and
        // sign-in store is down (the auth store-failure tests cover those answers).
        await CheckAsync(Apps.Fixture, calls, mustSee: [200, 201, 204, 400, 401, 403, 404, 409, 413, 415, 429, 500], SmallBodies + $$""", "database": { "url": "{{database.Url}}" }""");
    }

    /// <summary>Sessions and guards: a session with every role and permission, one with none, and calls with either or neither.</summary>
    private static IEnumerable<Call> FixtureSessionCalls()
    {
        (string, string)[] all = [("Authorization", "Bearer {token:all}")];
        (string, string)[] plain = [("Authorization", "Bearer {token:plain}")];
        yield return new("POST", "/auth/session", "/auth/session", """{"userId":"contract","roles":["admin","auditor","staff"],"permissions":["*"]}""", SaveToken: "all");
        yield return new("POST", "/auth/session", "/auth/session", """{"userId":"plain"}""", SaveToken: "plain");
        yield return new("POST", "/auth/session", "/auth/session", """{"userId":"leaving"}""", SaveToken: "leaving");
        yield return new("POST", "/auth/session", "/auth/session", "{}");
        yield return new("GET", "/auth/me", "/auth/me", Headers: all);
        yield return new("GET", "/auth/me", "/auth/me");
        yield return new("GET", "/auth/maybe", "/auth/maybe", Headers: plain);
        yield return new("POST", "/auth/maybe", "/auth/maybe", """{"note":"n"}""", Headers: plain);
        yield return new("POST", "/auth/maybe", "/auth/maybe", "[]");
        yield return new("POST", "/auth/sign-in", "/auth/sign-in", """{"email":"ann@example.com","password":"correct horse battery staple"}""");
        yield return new("POST", "/auth/sign-in", "/auth/sign-in", """{"email":"ann@example.com","password":"wrong"}""");
        yield return new("POST", "/auth/sign-in", "/auth/sign-in", """{"email":"ann@example.com"}""");
        foreach (var path in new[] { "/guarded/admin", "/guarded/roles", "/guarded/tasks-write", "/guarded/tasks-write-own", "/guarded/billing", "/staff/report", "/call-admin" })
        {
            yield return new("GET", path, path, Headers: all);
            yield return new("GET", path, path, Headers: plain);
            yield return new("GET", path, path);
        }

        yield return new("GET", "/staff/open-day", "/staff/open-day");
        foreach (var path in new[] { "/tasks", "/tasks/1", "/back-office/users" })
        {
            yield return new("GET", path == "/tasks/1" ? "/tasks/{id}" : path, path, Headers: all);
            yield return new("GET", path == "/tasks/1" ? "/tasks/{id}" : path, path, Headers: plain);
            yield return new("GET", path == "/tasks/1" ? "/tasks/{id}" : path, path);
        }

        yield return new("POST", "/tasks", "/tasks", Headers: all);
        yield return new("POST", "/tasks", "/tasks");
        yield return new("POST", "/tasks/{id}/archive", "/tasks/1/archive", Headers: all);
        yield return new("POST", "/tasks/{id}/archive", "/tasks/1/archive");
        for (var i = 0; i < 4; i++)
            yield return new("GET", "/tasks/open", "/tasks/open"); // the module's 3 an hour: the 4th is 429

        yield return new("PUT", "/documents/{owner}", "/documents/contract", """{"title":"t"}""", Headers: all);
        yield return new("PUT", "/documents/{owner}", "/documents/contract", """{"title":"t"}""", Headers: plain);
        yield return new("PUT", "/documents/{owner}", "/documents/contract", """{"title":""}""", Headers: all);
        yield return new("PUT", "/documents/{owner}", "/documents/contract", TooLarge, Headers: all);
        yield return new("PUT", "/documents/{owner}", "/documents/contract", "{}", "text/plain", Headers: all);
        yield return new("POST", "/auth/sign-out-everywhere", "/auth/sign-out-everywhere", Headers: [("Cookie", "session={token:leaving}")]);
        yield return new("POST", "/auth/sign-out-everywhere", "/auth/sign-out-everywhere", Headers: [("Authorization", "Bearer {token:leaving}")]);
        yield return new("POST", "/auth/sign-out-everywhere", "/auth/sign-out-everywhere", Headers: [("Authorization", "Bearer {token:leaving}")]);
        yield return new("POST", "/auth/sign-out", "/auth/sign-out", Headers: plain);
    }

    [Theory]
    [InlineData("Open", 200)]
    [InlineData("Closed", 503)]
    public Task Rate_limited_responses_match_the_document_while_the_store_is_unreachable(string policy, int status) => CheckAsync(Apps.Fixture,
        [new("GET", "/limited", "/limited"), new("GET", "/tenants/{tenant}/limited", "/tenants/t/limited")],
        [status],
        $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "rateLimit": { "onStoreFailure": "{{policy}}" } """,
        new System.Collections.Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" },
        everyOperation: false);

    [Fact]
    public Task A_default_rate_limit_is_documented_on_every_action() => CheckAsync(Apps.Example,
        [new("GET", "/hello", "/hello"), new("GET", "/hello", "/hello"), new("GET", "/tasks", "/tasks"), new("GET", "/tasks", "/tasks")],
        [200, 429],
        Apps.ExampleConfig + """, "rateLimit": { "defaultLimit": 1, "defaultPer": "1h" } """,
        everyOperation: false);

    /// <summary>Makes the calls and checks the responses; <paramref name="mustSee"/> (null: every status the document mentions) must all occur.</summary>
    private static async Task CheckAsync(Assembly app, IReadOnlyList<Call> calls, int[]? mustSee, string extraConfig = SmallBodies, System.Collections.IDictionary? variables = null, bool everyOperation = true, string? skipOperationsUnder = null)
    {
        await using var server = await AppServer.StartAsync(app, extraConfig: extraConfig, variables: variables);
        var document = await server.Client.GetStringAsync("/openapi.json");
        var samples = new JsonArray();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        string? created = null;
        foreach (var call in calls)
        {
            var path = Regex.Replace(call.Path.Replace("{created}", created, StringComparison.Ordinal), "\\{(?:user|id):([a-z]+)\\}", m => users[m.Groups[1].Value]);
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), path);
            if (call.Body is not null)
            {
                request.Content = new StringContent(call.Body, Encoding.UTF8, MediaTypeHeaderValue.Parse(call.ContentType is null or "" ? Json : call.ContentType));
                if (call.ContentType == "")
                    request.Content.Headers.ContentType = null;
            }

            // The runtime's 413 does not say "Connection: close" yet Kestrel closes the connection (the unread body is over
            // the limit), so a pooled connection would fail the next call: these requests use their own connection.
            if (call.Body?.Length > 4096)
                request.Headers.ConnectionClose = true;
            foreach (var (name, value) in call.Headers ?? [])
                request.Headers.Add(name, Regex.Replace(value, "\\{token:([a-z]+)\\}", m => tokens[m.Groups[1].Value]));
            HttpResponseMessage response;
            try
            {
                response = await server.Client.SendAsync(request);
                for (var retry = 0; call.RetryUntilOk && !response.IsSuccessStatusCode && retry < 100; retry++)
                {
                    response.Dispose();
                    await Task.Delay(100);
                    using var again = new HttpRequestMessage(request.Method, request.RequestUri);
                    foreach (var header in request.Headers)
                        again.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    response = await server.Client.SendAsync(again);
                }
            }
            catch (HttpRequestException e)
            {
                throw new HttpRequestException($"{call.Method} {path} ({call.ContentType ?? Json}, {call.Body?.Length ?? 0} chars): {e.Message} {e.InnerException?.Message}", e);
            }

            using var disposeResponse = response;
            var body = await response.Content.ReadAsStringAsync();
            if (response.Headers.Location is { } location)
                created = location.OriginalString.Split('/')[^1]; // the latest: each resource's calls follow its creation
            if (call.SaveToken is { } slot)
            {
                var signedIn = JsonNode.Parse(body)!;
                tokens[slot] = signedIn["token"]!.GetValue<string>();
                if ((signedIn["user"] ?? signedIn["account"])?["id"] is { } id)
                    users[slot] = id.ToString();
            }

            if (call.SaveId is { } idSlot && response.IsSuccessStatusCode)
                users[idSlot] = JsonNode.Parse(body)!["id"]!.ToString();

            var headers = new JsonObject();
            foreach (var header in response.Headers.Concat(response.Content.Headers))
                headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            samples.Add(new JsonObject
            {
                ["method"] = call.Method,
                ["template"] = call.Template,
                ["status"] = (int)response.StatusCode,
                ["contentType"] = response.Content.Headers.ContentType?.ToString(),
                ["headers"] = headers,
                ["body"] = body,
            });
        }

        // Every operation is exercised, with a success and with an error; the statuses worth seeing are seen.
        var exercised = samples.Select(s => (s!["method"]!.GetValue<string>().ToLowerInvariant(), s["template"]!.GetValue<string>(), s["status"]!.GetValue<int>())).ToList();
        var documented = JsonNode.Parse(document)!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().SelectMany(o => o.Value!["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture))))
            .Distinct().Order().ToArray();
        var seen = exercised.Select(e => e.Item3).Distinct().Order().ToArray();
        Assert.True((mustSee ?? documented).All(seen.Contains), $"statuses seen: {string.Join(", ", seen)}; expected at least: {string.Join(", ", mustSee ?? documented)}");
        foreach (var (template, item) in everyOperation ? JsonNode.Parse(document)!["paths"]!.AsObject() : [])
        {
            if (skipOperationsUnder is not null && template.StartsWith(skipOperationsUnder, StringComparison.Ordinal))
                continue;
            foreach (var (method, _) in item!.AsObject())
            {
                Assert.True(exercised.Any(e => e.Item1 == method && e.Item2 == template && e.Item3 < 300), $"{method} {template} has no successful call");
                Assert.True(exercised.Any(e => e.Item1 == method && e.Item2 == template && e.Item3 >= 400) || template is "/hello" or "/hello-limited" or "/stall" or "/context" or "/kv/{key}/increment" or "/limited" or "/limited-short" or "/limited-burst" or "/db/where" or "/db/where-primary" or "/notes/stats" or "/notes/activity" or "/auth/maybe" or "/auth/sign-out" or "/staff/open-day" or "/me-anonymous" or "/session" or "/bench/memory" || method == "delete" && template == "/items/{id}",
                    $"{method} {template} has no failing call");
            }
        }

        var directory = Directory.CreateTempSubdirectory("bunbase-contract-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "openapi.json"), document);
            await File.WriteAllTextAsync(Path.Combine(directory, "samples.json"), samples.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            var (exitCode, output) = await NodeTools.RunAsync("check-responses.mjs", Path.Combine(directory, "openapi.json"), Path.Combine(directory, "samples.json"));
            Assert.True(exitCode == 0, output);
            Assert.Contains($"{calls.Count} responses match", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// One request; <c>SaveToken</c> keeps the <c>token</c> (and <c>user.id</c>) of the response body under a name, for
    /// <c>{token:NAME}</c> in later headers and <c>{user:NAME}</c> in later paths; <c>SaveId</c> keeps a successful
    /// response's <c>id</c> for <c>{id:NAME}</c> in later paths; <c>RetryUntilOk</c> repeats a bodyless request (bounded)
    /// until something in the background has happened.
    /// </summary>
    private sealed record Call(string Method, string Template, string Path, string? Body = null, string? ContentType = null, (string Name, string Value)[]? Headers = null, string? SaveToken = null, bool RetryUntilOk = false, string? SaveId = null);
}
