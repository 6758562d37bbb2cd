using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Bunbase.Runtime.OpenApi;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>Component naming and constraint output of the schema generator, on types made for the purpose.</summary>
public sealed class SchemaGeneratorTests
{
    [Fact]
    public void A_type_used_in_many_places_is_one_component_and_every_ref_resolves()
    {
        var (generator, document) = New();

        var first = generator.For(typeof(Shapes.Person));
        var second = generator.For(typeof(Shapes.Person));
        generator.For(typeof(List<Shapes.Address>));
        var json = Serialize(document);
        var schemas = json["components"]!["schemas"]!.AsObject();

        Assert.Equal(Reference(first), Reference(second));
        Assert.Equal(["Shapes.Address", "Shapes.Level", "Shapes.Person"], schemas.Select(s => s.Key).Order(StringComparer.Ordinal));
        var person = schemas["Shapes.Person"]!["properties"]!;
        Assert.Equal("#/components/schemas/Shapes.Address", person["home"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Shapes.Address", person["past"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Shapes.Address", person["named"]!["additionalProperties"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Shapes.Person", person["parent"]!["oneOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.All(Refs(json), target => Assert.True(schemas.ContainsKey(target), $"$ref to missing component {target}"));
    }

    [Fact]
    public void Types_with_the_same_short_name_get_distinct_components()
    {
        var (generator, document) = New();

        generator.For(typeof(Shapes.Address));
        generator.For(typeof(Other.Shapes.Address));
        var schemas = Serialize(document)["components"]!["schemas"]!.AsObject();

        Assert.Equal(2, schemas.Count);
        Assert.Equal("street", schemas["Shapes.Address"]!["required"]![0]!.GetValue<string>());
        Assert.Equal("line", schemas["Bunbase.Runtime.Tests.OpenApi.Other.Shapes.Address"]!["required"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Enums_are_string_enums_of_their_names()
    {
        var (generator, document) = New();

        generator.For(typeof(Shapes.Level));
        var level = Serialize(document)["components"]!["schemas"]!["Shapes.Level"]!;

        Assert.Equal("string", level["type"]!.GetValue<string>());
        Assert.Equal(Enum.GetNames<Shapes.Level>(), level["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Range_bounds_are_numbers_and_exclusive_bounds_use_the_3_1_keywords()
    {
        var (generator, document) = New();

        generator.For(typeof(Shapes.Bounds));
        var properties = Serialize(document)["components"]!["schemas"]!["Shapes.Bounds"]!["properties"]!;

        Assert.Equal(0.5m, properties["ratio"]!["exclusiveMinimum"]!.GetValue<decimal>());
        Assert.Equal(1.5m, properties["ratio"]!["maximum"]!.GetValue<decimal>());
        Assert.Equal(10m, properties["price"]!["exclusiveMaximum"]!.GetValue<decimal>());
        Assert.Equal(2, properties["tags"]!["minItems"]!.GetValue<int>());
        Assert.Equal(3, properties["tags"]!["maxItems"]!.GetValue<int>());
    }

    private static (SchemaGenerator Generator, OpenApiDocument Document) New()
    {
        var document = new OpenApiDocument { Info = new OpenApiInfo { Title = "t", Version = "1" }, Paths = [], Components = new OpenApiComponents() };
        return (new SchemaGenerator(document), document);
    }

    private static JsonNode Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return JsonNode.Parse(text.ToString())!;
    }

    private static string Reference(IOpenApiSchema schema) => Assert.IsType<OpenApiSchemaReference>(schema).Reference.Id!;

    private static IEnumerable<string> Refs(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()["#/components/schemas/".Length..]] : p.Value is null ? [] : Refs(p.Value)),
        JsonArray array => array.SelectMany(item => item is null ? [] : Refs(item)),
        _ => [],
    };
}

public static class Shapes
{
    public enum Level { Low, High }

    public sealed record Address([Required] string Street);

    public sealed record Person(Address Home, Address? Work, IReadOnlyList<Address> Past, Dictionary<string, Address> Named, Person? Parent, Level Level);

    public sealed record Bounds(
        [Range(0.5, 1.5, MinimumIsExclusive = true)] double Ratio,
        [Range(typeof(decimal), "0", "10", MaximumIsExclusive = true)] decimal Price,
        [Length(2, 3)] List<string> Tags);
}
