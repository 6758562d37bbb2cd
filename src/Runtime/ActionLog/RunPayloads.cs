using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// Input and output as the run log stores them: the API's own JSON contract, except that
/// properties marked <see cref="SensitiveAttribute"/> or named like <c>persistence.redact</c>
/// (password, secret, token) are written as <c>"[redacted]"</c>, at any depth, and a document over
/// <c>persistence.maxPayloadBytes</c> becomes a note of its size (still valid JSON).
/// </summary>
internal sealed class RunPayloads
{
    public const string Redacted = "[redacted]";

    private readonly JsonSerializerOptions _options;
    private readonly string[] _redact;
    private readonly int _maxBytes;

    public RunPayloads(JsonSerializerOptions api, PersistenceOptions options)
    {
        _redact = options.Redact;
        _maxBytes = options.MaxPayloadBytes;
        var resolver = (api.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RedactSensitive);
        _options = new JsonSerializerOptions(api) { TypeInfoResolver = resolver, WriteIndented = false };
        _options.MakeReadOnly();
    }

    /// <summary>The JSON to store, or null when there is nothing (no input was bound, the action failed).</summary>
    public string? Serialize(object? value)
    {
        if (value is null)
            return null;
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), _options);
        }
        catch (Exception ex)
        {
            // Whatever the app's types throw (a getter's bug, a converter's): a note instead of the document. Thrown on,
            // it stopped the flusher, and with it the log.
            return JsonSerializer.Serialize(new { unserializable = value.GetType().Name, error = ex.Message });
        }

        if (json.Length > _maxBytes)
            return $$"""{"truncated":true,"bytes":{{json.Length}}}""";
        var text = System.Text.Encoding.UTF8.GetString(json);

        // PostgreSQL's jsonb refuses the escaped NUL character; it is stored as U+FFFD.
        return text.Contains(@"\u0000", StringComparison.Ordinal) ? text.Replace(@"\u0000", @"\uFFFD", StringComparison.Ordinal) : text;
    }

    private bool NameIsSensitive(string name) =>
        _redact.Any(fragment => name.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    private void RedactSensitive(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            var clrName = property.AttributeProvider is MemberInfo member ? member.Name : property.Name;
            var sensitive = NameIsSensitive(property.Name) || NameIsSensitive(clrName)
                || property.AttributeProvider?.IsDefined(typeof(SensitiveAttribute), inherit: true) == true
                // A positional record's attribute sits on the constructor parameter unless targeted at the property.
                || ConstructorParameter(type.Type, clrName)?.IsDefined(typeof(SensitiveAttribute), inherit: true) == true;
            if (!sensitive)
                continue;

            // Replace the property with a string one of the same name that never reads the value.
            var redacted = type.CreateJsonPropertyInfo(typeof(string), property.Name);
            redacted.Get = _ => Redacted;
            redacted.Order = property.Order;
            type.Properties[i] = redacted;
        }
    }

    private static ParameterInfo? ConstructorParameter(Type type, string name)
    {
        foreach (var constructor in type.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
                    return parameter;
            }
        }

        return null;
    }
}
