using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Json;

/// <summary>
/// The one set of JSON options for request and response bodies: camelCase, enums by name, strict
/// numbers, nullable annotations respected, duplicate keys refused, and required members taken from
/// <see cref="MemberRules.IsRequired"/> so a missing field is reported by name.
/// </summary>
internal sealed class JsonContracts
{
    private readonly Dictionary<Type, HashSet<string>> _membersOutsideBody = [];
    private JsonSerializerOptions? _strict;

    /// <summary>The contract for payloads outside any action's input (KV values, tests).</summary>
    public JsonContracts()
        : this(null)
    {
    }

    /// <summary>The contract built from the finished catalog: an input member bound from the path, query, a header or a cookie may be absent from the body.</summary>
    public JsonContracts(ActionCatalog? catalog)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(ApplyMemberRules);
        Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            MaxDepth = 64,
            // Responses are JSON for API clients, not HTML: no need to escape quotes and '<'.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = resolver,
            Converters = { new EnumNames(), new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        };
        foreach (var action in catalog?.Actions ?? [])
        {
            foreach (var member in action.Input.OutsideBody)
                BindOutsideBody(action.InputType, member.Property.Name);
        }
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>The same contract, refusing body fields the type does not declare (<see cref="UnknownJsonFields.Refuse"/>).</summary>
    public JsonSerializerOptions StrictOptions => _strict ??= new JsonSerializerOptions(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public JsonReaderOptions ReaderOptions => new() { MaxDepth = Options.MaxDepth };

    private void BindOutsideBody(Type inputType, string propertyName)
    {
        if (!_membersOutsideBody.TryGetValue(inputType, out var names))
            _membersOutsideBody[inputType] = names = new HashSet<string>(StringComparer.Ordinal);
        names.Add(propertyName);
    }

    public JsonTypeInfo<T> TypeInfo<T>(bool strict = false) => (JsonTypeInfo<T>)(strict ? StrictOptions : Options).GetTypeInfo(typeof(T));

    private void ApplyMemberRules(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        var constructor = MemberRules.DeserializationConstructor(typeInfo.Type);
        _membersOutsideBody.TryGetValue(typeInfo.Type, out var outsideBody);
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var json = typeInfo.Properties[i];
            if (json.AttributeProvider is not PropertyInfo property)
                continue;
            var parameter = MemberRules.ConstructorParameter(constructor, property);

            // Output members written as headers or cookies are not body fields.
            if (MemberRules.Attribute<ResponseHeaderAttribute>(property, parameter) is not null
                || MemberRules.Attribute<ResponseCookieAttribute>(property, parameter) is not null)
            {
                typeInfo.Properties.RemoveAt(i);
                continue;
            }

            json.IsRequired = outsideBody?.Contains(property.Name) != true && MemberRules.IsRequired(property, parameter);
        }
    }
}
