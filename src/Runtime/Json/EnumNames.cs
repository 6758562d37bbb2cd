using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Json;

/// <summary>
/// Enums by name, as the OpenAPI document lists them: a string that is exactly one name (in any case, as the
/// query string reads it). <see cref="JsonStringEnumConverter"/> alone also reads <c>"Red, Green"</c> (a list,
/// giving the two values OR'ed: <c>Green</c> here, a value no one sent) and names with spaces around them;
/// those are refused here. Writing, and <c>[Flags]</c> enums (whose lists are their values), are left to it.
/// </summary>
internal sealed class EnumNames : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _inner = new(namingPolicy: null, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && !typeToConvert.IsDefined(typeof(FlagsAttribute), inherit: false);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), (JsonConverter)_inner.CreateConverter(typeToConvert, options)!)!;

    private sealed class Converter<T>(JsonConverter inner) : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly JsonConverter<T> _inner = (JsonConverter<T>)inner;

        private readonly FrozenDictionary<string, T> _byName = TypeDescriptions.EnumNames(typeof(T))
            .Zip(Enum.GetValues<T>())
            .ToFrozenDictionary(pair => pair.First, pair => pair.Second, StringComparer.OrdinalIgnoreCase);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? ByName(reader.GetString()!) : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _inner.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ByName(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _inner.WriteAsPropertyName(writer, value, options);

        private T ByName(string name) => _byName.TryGetValue(name, out var value) ? value : throw new JsonException();
    }
}
