using System.Text.Json;

namespace Bunbase.Runtime.Kv;

/// <summary>JSON for stored values: the same options as request and response bodies.</summary>
internal sealed class KvJson(JsonSerializerOptions options)
{
    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, options);

    public T? Deserialize<T>(string key, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException ex)
        {
            throw new KvValueException(key, typeof(T), ex);
        }
    }
}
