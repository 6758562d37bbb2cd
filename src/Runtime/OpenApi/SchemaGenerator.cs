using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// JSON Schemas (OpenAPI 3.1) for the types on the wire, built from the same rules that bind and
/// validate them (<see cref="MemberRules"/>): JSON names, required members, nullability and
/// DataAnnotations. Every object and enum type becomes one component referenced by <c>$ref</c>,
/// so nested and recursive types are never duplicated.
/// </summary>
internal sealed class SchemaGenerator(OpenApiDocument document)
{
    private readonly Dictionary<Type, string> _names = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>The schema of a type: inline for scalars and arrays, a reference for objects and enums.</summary>
    public IOpenApiSchema For(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return WithNull(For(underlying));
        if (Scalar(type) is { } scalar)
            return scalar;
        if (type.IsEnum)
            return Reference(type, () => EnumSchema(type));
        if (DictionaryValueType(type) is { } valueType)
            return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = For(valueType) };
        if (CollectionTypes.ElementType(type) is { } element)
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = For(element) };
        if (type == typeof(object) || type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
            return new OpenApiSchema();
        return Reference(type, () => ObjectSchema(type, members: null));
    }

    /// <summary>An object schema limited to some of a type's members (a body whose other members come from the path, query, headers or cookies).</summary>
    public IOpenApiSchema ForMembers(Type type, string name, IReadOnlyCollection<PropertyInfo> members)
    {
        if (!_taken.Add(name))
            throw new InvalidOperationException($"schema name '{name}' is already used");
        document.AddComponent<IOpenApiSchema>(name, ObjectSchema(type, members));
        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>The schema of one member, with its constraints and nullability.</summary>
    public IOpenApiSchema ForMember(PropertyInfo property, ParameterInfo? parameter, Type? typeOverride = null)
    {
        var type = typeOverride ?? property.PropertyType;
        var schema = For(type);
        var nullable = typeOverride is null && !property.PropertyType.IsValueType && MemberRules.IsNullable(property);
        var attributes = MemberRules.Attributes<ValidationAttribute>(property, parameter).ToList();
        if (schema is OpenApiSchema inline)
        {
            ApplyConstraints(inline, attributes, CollectionTypes.ElementType(type) is not null, Nullable.GetUnderlyingType(type) ?? type);
            if (nullable)
                inline.Type |= JsonSchemaType.Null;
            return inline;
        }

        return nullable ? WithNull(schema) : schema;
    }

    public static void ApplyConstraints(OpenApiSchema schema, IEnumerable<ValidationAttribute> attributes, bool isArray, Type? valueType = null)
    {
        var integerRange = valueType is null ? null : TypeDescriptions.IntegerRange(valueType);
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case StringLengthAttribute length:
                    schema.MaxLength = length.MaximumLength;
                    if (length.MinimumLength > 0)
                        schema.MinLength = length.MinimumLength;
                    break;
                case MinLengthAttribute min when isArray:
                    schema.MinItems = min.Length;
                    break;
                case MinLengthAttribute min:
                    schema.MinLength = min.Length;
                    break;
                case MaxLengthAttribute max when isArray:
                    schema.MaxItems = max.Length;
                    break;
                case MaxLengthAttribute max:
                    schema.MaxLength = max.Length;
                    break;
                case LengthAttribute range when isArray:
                    (schema.MinItems, schema.MaxItems) = (range.MinimumLength, range.MaximumLength);
                    break;
                case LengthAttribute range:
                    (schema.MinLength, schema.MaxLength) = (range.MinimumLength, range.MaximumLength);
                    break;
                case RangeAttribute range:
                    var minimum = Bound(range.Minimum, integerRange, upper: false);
                    var maximum = Bound(range.Maximum, integerRange, upper: true);
                    if (range.MinimumIsExclusive)
                        schema.ExclusiveMinimum = minimum;
                    else
                        schema.Minimum = minimum;
                    if (range.MaximumIsExclusive)
                        schema.ExclusiveMaximum = maximum;
                    else
                        schema.Maximum = maximum;
                    break;
                case RegularExpressionAttribute regex:
                    schema.Pattern = regex.Pattern;
                    break;
                case DataTypeAttribute { DataType: DataType.EmailAddress }: // [EmailAddress], or a stricter rule of the same kind
                    schema.Format = "email";
                    break;
                case UrlAttribute:
                    schema.Format = "uri";
                    break;
                case RequiredAttribute { AllowEmptyStrings: false } when schema.Type?.HasFlag(JsonSchemaType.String) == true && schema.MinLength is null:
                    // [Required] refuses empty strings.
                    schema.MinLength = 1;
                    break;
            }
        }
    }

    /// <summary>
    /// A range bound as JSON number text. On an integer member it is an integer within the type's range:
    /// <c>[Range(1, long.MaxValue)]</c> holds a double (2^63, one above long.MaxValue) that would be written
    /// as <c>9.223372036854776E+18</c>; the member can hold at most long.MaxValue, so that is the bound.
    /// </summary>
    private static string Bound(object bound, (decimal Min, decimal Max)? integerRange, bool upper)
    {
        if (integerRange is not { } limits || bound is string)
            return Convert.ToString(bound, CultureInfo.InvariantCulture)!;
        var value = bound switch
        {
            double d when double.IsFinite(d) && Math.Abs(d) < 7.9e28 => (decimal)d,
            double d => d > 0 ? limits.Max : limits.Min,
            _ => Convert.ToDecimal(bound, CultureInfo.InvariantCulture),
        };
        value = upper ? Math.Floor(value) : Math.Ceiling(value);
        return Math.Clamp(value, limits.Min, limits.Max).ToString(CultureInfo.InvariantCulture);
    }

    private OpenApiSchema ObjectSchema(Type type, IReadOnlyCollection<PropertyInfo>? members)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new SortedSet<string>(StringComparer.Ordinal),
        };
        var constructor = MemberRules.DeserializationConstructor(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
                continue;
            if (members is not null && !members.Contains(property))
                continue;
            var parameter = MemberRules.ConstructorParameter(constructor, property);
            if (MemberRules.Attribute<ResponseHeaderAttribute>(property, parameter) is not null
                || MemberRules.Attribute<ResponseCookieAttribute>(property, parameter) is not null)
                continue;
            var name = MemberRules.JsonName(property);
            schema.Properties[name] = ForMember(property, parameter);
            if (MemberRules.IsRequired(property, parameter))
                schema.Required.Add(name);
        }

        if (schema.Required.Count == 0)
            schema.Required = null;
        return schema;
    }

    private static OpenApiSchema EnumSchema(Type type) => new()
    {
        Type = JsonSchemaType.String,
        Enum = TypeDescriptions.EnumNames(type).Select(name => (JsonNode)JsonValue.Create(name)).ToList(),
    };

    private OpenApiSchemaReference Reference(Type type, Func<OpenApiSchema> build)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = UniqueName(type);
            _names[type] = name;

            // Registered before its members are walked, so recursive types end in a $ref.
            var schema = new OpenApiSchema();
            document.AddComponent<IOpenApiSchema>(name, schema);
            var built = build();
            Copy(built, schema);
        }

        return new OpenApiSchemaReference(name, document);
    }

    private static void Copy(OpenApiSchema from, OpenApiSchema to)
    {
        to.Type = from.Type;
        to.Properties = from.Properties;
        to.Required = from.Required;
        to.Enum = from.Enum;
    }

    private string UniqueName(Type type)
    {
        var name = ShortName(type);
        if (_taken.Add(name))
            return name;
        var qualified = $"{type.Namespace}.{name}";
        for (var i = 2; !_taken.Add(qualified); i++)
            qualified = $"{type.Namespace}.{name}{i}";
        return qualified;
    }

    /// <summary><c>CreateTask.Input</c> for a nested type; generic arguments appended (<c>Page_Task</c>).</summary>
    private static string ShortName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
            name = name[..tick] + "_" + string.Join("_", type.GetGenericArguments().Select(ShortName));
        return type.DeclaringType is { } outer && !type.IsGenericParameter ? $"{ShortName(outer)}.{name}" : name;
    }

    private static IOpenApiSchema WithNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema inline)
        {
            inline.Type |= JsonSchemaType.Null;
            return inline;
        }

        return new OpenApiSchema { OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Null }] };
    }

    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        var isDictionary = definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>);
        return isDictionary && arguments[0] == typeof(string) ? arguments[1] : null;
    }

    private static OpenApiSchema? Scalar(Type type)
    {
        if (type == typeof(string))
            return new OpenApiSchema { Type = JsonSchemaType.String };
        if (type == typeof(FileUpload))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        if (type == typeof(bool))
            return new OpenApiSchema { Type = JsonSchemaType.Boolean };
        if (type == typeof(Guid))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        if (type == typeof(DateOnly))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
        if (type == typeof(TimeOnly))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "time" };
        if (type == typeof(TimeSpan))
            return new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d+)?$" };
        if (type == typeof(Uri))
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" };
        if (type == typeof(int))
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
        if (type == typeof(long))
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        if (TypeDescriptions.IntegerRange(type) is var (min, max))
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = min.ToString(CultureInfo.InvariantCulture),
                Maximum = max.ToString(CultureInfo.InvariantCulture),
            };
        }

        if (type == typeof(double))
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
        if (type == typeof(float))
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "float" };
        if (type == typeof(decimal))
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" };
        return null;
    }
}
