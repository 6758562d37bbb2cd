using System.Text.Json;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Tests.Json;

public sealed class JsonContractsTests
{
    private static readonly JsonSerializerOptions Options = new JsonContracts().Options;

    public enum Color
    {
        Red,
        Green,
        Blue,
    }

    [Flags]
    public enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
    }

    [Theory]
    [InlineData("\"Red, Green\"")]
    [InlineData("\"Red,Blue\"")]
    [InlineData("\"Blue,Blue\"")]
    [InlineData("\" Red\"")]
    [InlineData("\"Red \"")]
    [InlineData("\"1\"")]
    [InlineData("1")]
    [InlineData("\"\"")]
    [InlineData("\"Purple\"")]
    public void An_enum_is_one_of_its_names_and_nothing_else(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Color>(json, Options));

    [Theory]
    [InlineData("\"Green\"", Color.Green)]
    [InlineData("\"green\"", Color.Green)]
    public void An_enum_name_is_read_in_any_case_as_the_query_string_reads_it(string json, Color expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize<Color>(json, Options));
        Assert.Equal("\"Green\"", JsonSerializer.Serialize(Color.Green, Options));
    }

    [Fact]
    public void A_flags_enum_keeps_its_combinations()
    {
        Assert.Equal(Access.Read | Access.Write, JsonSerializer.Deserialize<Access>("\"Read, Write\"", Options));
        Assert.Equal("\"Read, Write\"", JsonSerializer.Serialize(Access.Read | Access.Write, Options));
    }

    [Fact]
    public void An_enum_in_a_body_names_its_field_when_refused()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, Color>>("{\"a\":\"Red, Blue\"}", Options));
        Assert.Equal("$.a", error.Path);
        Assert.Equal(Color.Blue, JsonSerializer.Deserialize<Dictionary<Color, int>>("{\"blue\":1}", Options)!.Keys.Single());
    }
}
