using System.Net.Http.Json;
using System.Text.Json;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// The scenarios the tool knows: the four every Bunbase app serves (simple-get, health-check,
/// metrics-export, openapi-spec), and db-read, db-write and mixed (70% read, 30% write) against the
/// app's own actions when its OpenAPI document shows suitable ones.
/// </summary>
internal static class BuiltInScenarios
{
    public static readonly string[] Names = ["simple-get", "health-check", "metrics-export", "openapi-spec", "db-read", "db-write", "mixed"];

    private const int SeededNotes = 200;
    private static readonly string[] DatabaseNames = ["db-read", "db-write", "mixed"];

    public static bool IsDatabaseScenario(string name) => DatabaseNames.Contains(name);

    /// <summary>A scenario that needs nothing of the app but the runtime.</summary>
    public static ScenarioDefinition? Fixed(string name) => name switch
    {
        "simple-get" => Get(name, "/_health/live", "liveness: the process answers"),
        "health-check" => Get(name, "/_health", "every health check"),
        "metrics-export" => Get(name, "/_metrics", "the Prometheus exposition"),
        "openapi-spec" => Get(name, "/openapi.json", "the OpenAPI document (from memory)"),
        _ => null,
    };

    /// <summary>
    /// The database scenarios the app supports, with their fixture data prepared: db-write posts
    /// notes (<c>POST /notes</c>); db-read reads notes the tool first creates (<c>GET /notes/{id}</c>),
    /// or else users already seeded by the app's migrations (<c>GET /users/{id}</c> without a guard,
    /// ids 1..N, N found by probing). Returns the reason when a scenario is not supported.
    /// </summary>
    public static async Task<(ScenarioDefinition? Scenario, string? Missing)> DatabaseAsync(string name, HttpClient client, CancellationToken cancellationToken)
    {
        var api = await ApiPathsAsync(client, cancellationToken).ConfigureAwait(false);
        var write = api.Contains("POST /notes") ? Write() : null;
        var (read, readMissing) = await ReadAsync(client, api, cancellationToken).ConfigureAwait(false);
        return name switch
        {
            "db-write" => write is null ? (null, "the app has no POST /notes") : (Scenario(name, "POST /notes: an INSERT per request", [write], []), null),
            "db-read" => read is null ? (null, readMissing) : (read, null),
            _ when read is null || write is null => (null, read is null ? readMissing : "the app has no POST /notes"),
            _ => (Scenario(name, $"70% {read.Description}, 30% POST /notes", [read.Requests[0] with { Weight = 7 }, write with { Weight = 3 }], read.Ids), null),
        };
    }

    private static async Task<(ScenarioDefinition?, string?)> ReadAsync(HttpClient client, HashSet<string> api, CancellationToken cancellationToken)
    {
        if (api.Contains("GET /notes/{id}") && api.Contains("POST /notes"))
        {
            var ids = new List<long>(SeededNotes);
            for (var i = 0; i < SeededNotes; i++)
            {
                using var response = await client.PostAsJsonAsync("/notes", new { title = $"benchmark fixture {i}", body = "a note created by bunbase benchmark for db-read" }, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    return (null, $"preparing db-read: POST /notes answered {(int)response.StatusCode}");
                using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                if (!json.RootElement.TryGetProperty("id", out var id) || !id.TryGetInt64(out var value))
                    return (null, "preparing db-read: POST /notes did not answer an \"id\"");
                ids.Add(value);
            }

            return (Scenario("db-read", $"GET /notes/{{id}}: a SELECT by key over {SeededNotes} notes the tool created", [new("db-read", "GET", "/notes/{{id}}", [], null)], ids), null);
        }

        if (api.Contains("GET /users/{id}"))
        {
            var count = await CountUsersAsync(client, cancellationToken).ConfigureAwait(false);
            if (count == 0)
                return (null, "GET /users/1 does not answer 2xx (no seeded users, or a guard)");
            return (Scenario("db-read", $"GET /users/{{id}}: a SELECT by key over the {count} seeded users", [new("db-read", "GET", $"/users/{{{{random 1 {count}}}}}", [], null)], []), null);
        }

        return (null, "the app has neither GET /notes/{id} (with POST /notes) nor GET /users/{id}");
    }

    /// <summary>The highest N such that users 1..N answer (ids are assumed contiguous, as a seeding migration makes them).</summary>
    private static async Task<long> CountUsersAsync(HttpClient client, CancellationToken cancellationToken)
    {
        async Task<bool> Exists(long id)
        {
            using var response = await client.GetAsync(new Uri($"/users/{id}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }

        if (!await Exists(1).ConfigureAwait(false))
            return 0;
        long low = 1, high = 2;
        while (high <= 100_000_000 && await Exists(high).ConfigureAwait(false))
            (low, high) = (high, high * 2);
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await Exists(middle).ConfigureAwait(false))
                low = middle;
            else
                high = middle;
        }

        return low;
    }

    /// <summary>"METHOD /path" for every operation of the app's OpenAPI document, path parameters renamed {id} when single.</summary>
    private static async Task<HashSet<string>> ApiPathsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        using var response = await client.GetAsync(new Uri("/openapi.json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return paths;
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        if (!document.RootElement.TryGetProperty("paths", out var items))
            return paths;
        foreach (var path in items.EnumerateObject())
        {
            var normalized = System.Text.RegularExpressions.Regex.Replace(path.Name, "\\{[^}]*\\}", "{id}");
            foreach (var operation in path.Value.EnumerateObject())
            {
                // A guarded operation cannot be loaded without a session: leave it to a scenario file.
                if (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0)
                    continue;
                paths.Add($"{operation.Name.ToUpperInvariant()} {normalized}");
            }
        }

        return paths;
    }

    private static RequestTemplate Write() =>
        new("db-write", "POST", "/notes", [new("Content-Type", "application/json")], "{\"title\":\"bench note\",\"body\":\"some body text\"}");

    private static ScenarioDefinition Get(string name, string path, string description) =>
        new(name, $"GET {path}: {description}", [new(name, "GET", path, [], null)]);

    private static ScenarioDefinition Scenario(string name, string description, IReadOnlyList<RequestTemplate> requests, IReadOnlyList<long> ids) =>
        new(name, description, requests) { Ids = ids };
}
