using System.Text.Json;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// Reads user scenarios from a JSON file (format in the README's "Benchmarking your app"). Any
/// problem is a <see cref="CliException"/> of one line naming the file and the offending field.
/// </summary>
internal static class ScenarioFile
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    private static readonly string[] RequestFields = ["name", "method", "path", "headers", "body", "weight"];
    private static readonly string[] ScenarioFields = [.. RequestFields, "description", "session", "requests"];
    private static readonly string[] SessionFields = [.. RequestFields, "token", "sendAs"];

    public static IReadOnlyList<ScenarioDefinition> Load(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"scenario file {path} does not exist");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CliException($"scenario file {path}: not valid JSON (line {ex.LineNumber + 1}: {ex.Message.Split(" LineNumber")[0].TrimEnd('.', ' ')})");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (ScenarioFileException ex)
            {
                throw new CliException($"scenario file {path}: {ex.Message}");
            }
        }
    }

    private static List<ScenarioDefinition> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("scenarios", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new ScenarioFileException("expected an object with a \"scenarios\" array");
        var scenarios = new List<ScenarioDefinition>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"scenarios[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw new ScenarioFileException($"{at} must be an object");
            var name = String(item, "name", at) ?? throw new ScenarioFileException($"{at}.name is missing");
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ScenarioFileException($"{at}.name '{name}' must be letters, digits, '-', '_' or '.'");
            if (scenarios.Any(s => s.Name == name))
                throw new ScenarioFileException($"{at}.name '{name}' is used twice");
            at = $"{at} ({name})";
            CheckFields(item, ScenarioFields, at);

            List<RequestTemplate> requests = [];
            if (item.TryGetProperty("requests", out var mix))
            {
                if (item.TryGetProperty("path", out _))
                    throw new ScenarioFileException($"{at} has both \"path\" and \"requests\"; give one");
                if (mix.ValueKind != JsonValueKind.Array || mix.GetArrayLength() == 0)
                    throw new ScenarioFileException($"{at}.requests must be a non-empty array");
                var i = 0;
                foreach (var request in mix.EnumerateArray())
                {
                    var requestAt = $"{at}.requests[{i++}]";
                    if (request.ValueKind != JsonValueKind.Object)
                        throw new ScenarioFileException($"{requestAt} must be an object");
                    CheckFields(request, RequestFields, requestAt);
                    requests.Add(Request(request, requestAt, $"{name}#{i}"));
                }
            }
            else
            {
                requests.Add(Request(item, at, name));
            }

            SessionRequest? session = null;
            if (item.TryGetProperty("session", out var sign))
            {
                var sessionAt = $"{at}.session";
                if (sign.ValueKind != JsonValueKind.Object)
                    throw new ScenarioFileException($"{sessionAt} must be an object");
                CheckFields(sign, SessionFields, sessionAt);
                var token = String(sign, "token", sessionAt) ?? "json:token";
                if (!(token.StartsWith("json:", StringComparison.Ordinal) || token.StartsWith("cookie:", StringComparison.Ordinal)) || token.IndexOf(':') == token.Length - 1)
                    throw new ScenarioFileException($"{sessionAt}.token '{token}' must be json:PROPERTY or cookie:NAME");
                var sendAs = String(sign, "sendAs", sessionAt) ?? "bearer";
                if (sendAs != "bearer" && !(sendAs.StartsWith("cookie:", StringComparison.Ordinal) && sendAs.Length > 7))
                    throw new ScenarioFileException($"{sessionAt}.sendAs '{sendAs}' must be bearer or cookie:NAME");
                var request = Request(sign, sessionAt, $"{name}-session", defaultMethod: "POST");
                if (TemplateText.HasPlaceholders(request.Path) || TemplateText.HasPlaceholders(request.Body))
                    throw new ScenarioFileException($"{sessionAt} cannot use placeholders (it is sent once)");
                session = new SessionRequest(request, token, sendAs);
            }

            var description = String(item, "description", at) ?? string.Join(", ", requests.Select(r => $"{r.Method} {r.Path}"));
            scenarios.Add(new ScenarioDefinition(name, description, requests) { Session = session });
        }

        if (scenarios.Count == 0)
            throw new ScenarioFileException("\"scenarios\" is empty");
        return scenarios;
    }

    private static RequestTemplate Request(JsonElement item, string at, string name, string defaultMethod = "GET")
    {
        var method = (String(item, "method", at) ?? defaultMethod).ToUpperInvariant();
        if (!Methods.Contains(method))
            throw new ScenarioFileException($"{at}.method '{method}' is not one of {string.Join(", ", Methods)}");
        var path = String(item, "path", at) ?? throw new ScenarioFileException($"{at}.path is missing");
        if (!path.StartsWith('/') || System.Text.RegularExpressions.Regex.Replace(path, "\\{\\{[^}]*\\}\\}", "x").Any(c => c is ' ' or '\r' or '\n'))
            throw new ScenarioFileException($"{at}.path '{path}' must start with '/' and hold no spaces");
        Check(path, $"{at}.path");

        var headers = new List<KeyValuePair<string, string>>();
        if (item.TryGetProperty("headers", out var headerObject))
        {
            if (headerObject.ValueKind != JsonValueKind.Object)
                throw new ScenarioFileException($"{at}.headers must be an object of strings");
            foreach (var header in headerObject.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                    throw new ScenarioFileException($"{at}.headers.{header.Name} must be a string");
                if (header.Name.Length == 0 || header.Name.Any(c => c <= ' ' || c == ':' || c > '~'))
                    throw new ScenarioFileException($"{at}.headers: '{header.Name}' is not a header name");
                if (header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || header.Name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                    throw new ScenarioFileException($"{at}.headers.{header.Name} is set by the tool");
                var value = header.Value.GetString()!;
                if (value.Any(c => c is '\r' or '\n'))
                    throw new ScenarioFileException($"{at}.headers.{header.Name} holds a line break");
                Check(value, $"{at}.headers.{header.Name}");
                headers.Add(new(header.Name, value));
            }
        }

        string? body = null;
        if (item.TryGetProperty("body", out var bodyElement))
        {
            body = bodyElement.ValueKind switch
            {
                JsonValueKind.String => bodyElement.GetString(),
                JsonValueKind.Object or JsonValueKind.Array => bodyElement.GetRawText(),
                _ => throw new ScenarioFileException($"{at}.body must be a string, an object or an array"),
            };
            Check(body!, $"{at}.body");
            if (bodyElement.ValueKind != JsonValueKind.String && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                headers.Add(new("Content-Type", "application/json"));
        }

        var weight = 1;
        if (item.TryGetProperty("weight", out var weightElement) && (!weightElement.TryGetInt32(out weight) || weight < 1))
            throw new ScenarioFileException($"{at}.weight must be a whole number of at least 1");
        return new RequestTemplate(String(item, "name", at) ?? name, method, path, headers, body, weight);
    }

    private static void Check(string text, string at)
    {
        if (TemplateText.Check(text) is { } problem)
            throw new ScenarioFileException($"{at}: {problem}");
    }

    private static string? String(JsonElement item, string name, string at) =>
        !item.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new ScenarioFileException($"{at}.{name} must be a string");

    private static void CheckFields(JsonElement item, string[] known, string at)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                throw new ScenarioFileException($"{at}: unknown field \"{property.Name}\" (known: {string.Join(", ", known)})");
        }
    }

    private sealed class ScenarioFileException(string message) : Exception(message);
}
