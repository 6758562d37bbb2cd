using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Json;

namespace Bunbase.Testing;

/// <summary>
/// Turns an action's input into the HTTP request a client would send, from the same descriptor the
/// runtime binds with: path parameters into the route, query, header and cookie members where the
/// action reads them, the rest as the JSON body. Values are written as their JSON form (a string's
/// text, a number, <c>true</c>), which is what the binder coerces from.
/// </summary>
internal static partial class ActionRequests
{
    public static HttpRequestMessage Create(ActionDescriptor action, object input, JsonContracts json)
    {
        if (action.Http is not { } http)
            throw new InvalidOperationException($"Action '{action.Name}' has no HTTP trigger, so a test cannot call it over HTTP; enqueue it (ctx.Queue) and run app.Jobs.RunUntilIdleAsync().");

        var values = JsonSerializer.SerializeToNode(input, action.InputType, json.Options) as JsonObject ?? [];
        var path = RouteParameter().Replace(http.Route.RouterPattern, match =>
        {
            var member = Find(action, BindingSource.Path, match.Groups["name"].Value);
            if (member is null || values[member.JsonName] is not { } value)
                return "";
            var text = Text(value);
            return match.Groups["all"].Success
                ? string.Join('/', text.Split('/').Select(Uri.EscapeDataString))
                : Uri.EscapeDataString(text);
        });
        if (path.Length > 1)
            path = path.Replace("//", "/", StringComparison.Ordinal).TrimEnd('/');

        var query = new StringBuilder();
        var request = new HttpRequestMessage(new HttpMethod(http.Method), path);
        var cookies = new List<string>();
        foreach (var member in action.Input.OutsideBody)
        {
            if (member.Source == BindingSource.Path || values[member.JsonName] is not { } value)
                continue;
            var texts = value is JsonArray items ? items.Where(i => i is not null).Select(i => Text(i!)).ToList() : [Text(value)];
            foreach (var text in texts)
            {
                switch (member.Source)
                {
                    case BindingSource.Query:
                        query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(member.RequestName)).Append('=').Append(Uri.EscapeDataString(text));
                        break;
                    case BindingSource.Header:
                        request.Headers.TryAddWithoutValidation(member.RequestName, text);
                        break;
                    case BindingSource.Cookie:
                        cookies.Add($"{member.RequestName}={Uri.EscapeDataString(text)}");
                        break;
                }
            }
        }

        if (cookies.Count > 0)
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies));
        request.RequestUri = new Uri(path + query, UriKind.Relative);
        if (action.Input.HasBody)
        {
            var body = new JsonObject();
            foreach (var member in action.Input.BodyMembers)
            {
                if (values[member.JsonName] is { } value)
                    body[member.JsonName] = value.DeepClone();
                else if (values.ContainsKey(member.JsonName))
                    body[member.JsonName] = null;
            }

            request.Content = new StringContent(body.ToJsonString(json.Options), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return request;
    }

    /// <summary>Reads the output of a successful response: the JSON body, with members the action answers as headers or cookies put back.</summary>
    /// <param name="action">The action called.</param>
    /// <param name="response">Its response.</param>
    /// <param name="body">The response's body.</param>
    /// <param name="json">The app's contract.</param>
    /// <param name="withMetadata">The same contract keeping the members the app answers as headers or cookies (its own leaves them out of bodies).</param>
    public static TOutput ReadOutput<TOutput>(ActionDescriptor action, HttpResponseMessage response, string body, JsonContracts json, JsonSerializerOptions withMetadata)
    {
        if (typeof(TOutput) == typeof(Bunbase.NoContent))
            return (TOutput)(object)Bunbase.NoContent.Value;
        var output = (body.Length == 0 ? null : JsonNode.Parse(body)) ?? new JsonObject();
        if (action.Output.MapsResponseMetadata && output is JsonObject members)
        {
            foreach (var header in action.Output.Headers)
            {
                if (response.Headers.TryGetValues(header.Name, out var values) || response.Content.Headers.TryGetValues(header.Name, out values))
                    members[JsonName(header.Property, json)] = Value(header.Property.PropertyType, values.First());
            }

            foreach (var cookie in action.Output.Cookies)
            {
                var prefix = cookie.Cookie.Name + "=";
                if (response.Headers.TryGetValues("Set-Cookie", out var set) && set.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                    members[JsonName(cookie.Property, json)] = Value(cookie.Property.PropertyType, Uri.UnescapeDataString(line[prefix.Length..].Split(';')[0]));
            }
        }

        return output.Deserialize<TOutput>(action.Output.MapsResponseMetadata ? withMetadata : json.Options)!;
    }

    private static InputMember? Find(ActionDescriptor action, BindingSource source, string name) =>
        action.Input.OutsideBody.FirstOrDefault(m => m.Source == source && string.Equals(m.RequestName, name, StringComparison.OrdinalIgnoreCase));

    private static string Text(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static string JsonName(System.Reflection.PropertyInfo property, JsonContracts json) =>
        property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), true) is [System.Text.Json.Serialization.JsonPropertyNameAttribute named, ..]
            ? named.Name
            : json.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;

    /// <summary>A header's text as the JSON value its property reads: numbers and booleans as such, everything else a string.</summary>
    private static JsonNode? Value(Type type, string text)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool) && bool.TryParse(text, out var flag))
            return JsonValue.Create(flag);
        if (underlying.IsPrimitive || underlying == typeof(decimal))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? JsonNode.Parse(text) : JsonValue.Create(text);
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"\{(?<all>\*{1,2})?(?<name>[^}?=:]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
