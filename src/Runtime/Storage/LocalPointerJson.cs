using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunbase.Runtime.Storage;

/// <summary>The pointer files' JSON, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LocalPointer))]
internal sealed partial class LocalPointerJson : JsonSerializerContext;
