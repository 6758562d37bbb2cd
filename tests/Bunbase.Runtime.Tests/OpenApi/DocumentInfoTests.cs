using System.Text.Json.Nodes;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>What tools read first: the OpenAPI version, servers, licence, tag descriptions, and numbers written exactly.</summary>
public sealed class DocumentInfoTests
{
    [Fact]
    public async Task The_document_states_openapi_3_1_0_which_every_3_1_tool_reads()
    {
        var document = await DocumentAsync(Apps.Fixture);

        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_configured_servers_the_document_names_its_own()
    {
        var document = await DocumentAsync(Apps.Fixture);

        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Configured_servers_and_description_are_stated()
    {
        var document = await DocumentAsync(Apps.Fixture, """ "openapi": { "servers": ["https://api.example.com", "/v1"], "description": "The fixture." } """);

        Assert.Equal(["https://api.example.com", "/v1"], document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()));
        Assert.Equal("The fixture.", document["info"]!["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ftp://files.example.com")]
    [InlineData("api.example.com")]
    public async Task A_server_that_is_not_an_http_url_or_a_path_stops_start_up(string server)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: $$""" "openapi": { "servers": ["{{server}}"] } """));

        Assert.Contains("openapi.servers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_example_app_states_its_licence_and_describes_every_tag()
    {
        var document = await DocumentAsync(Apps.Example, Apps.ExampleConfig);

        Assert.Equal("MIT", document["info"]!["license"]!["identifier"]!.GetValue<string>());
        Assert.All(document["tags"]!.AsArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag!["description"]?.GetValue<string>()), tag!.ToJsonString()));
    }

    [Fact]
    public async Task An_int64_bound_of_long_max_value_is_written_as_that_integer()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        var text = await server.Client.GetStringAsync("/openapi.json");
        var id = JsonNode.Parse(text)!["paths"]!["/notes/{id}"]!["get"]!["parameters"]![0]!["schema"]!;

        Assert.Contains("\"maximum\":9223372036854775807", text, StringComparison.Ordinal);
        Assert.DoesNotContain("E+18", text, StringComparison.Ordinal);
        Assert.Equal("int64", id["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_states_its_security()
    {
        foreach (var app in new[] { Apps.Example, Apps.Fixture })
        {
            var document = await DocumentAsync(app, app == Apps.Example ? Apps.ExampleConfig : "");
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                    Assert.True(operation!["security"] is JsonArray, $"{method} {path} states no security");
            }
        }
    }

    private static async Task<JsonNode> DocumentAsync(System.Reflection.Assembly app, string extraConfig = "")
    {
        await using var server = await AppServer.StartAsync(app, extraConfig: extraConfig);
        return JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
    }
}
