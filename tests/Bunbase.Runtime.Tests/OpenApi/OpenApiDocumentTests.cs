using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.OpenApi;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Document_validates_against_the_OpenAPI_3_1_schema_with_an_independent_validator(string app)
    {
        await using var server = await AppServer.StartAsync(Apps.ByName(app), extraConfig: Apps.ConfigFor(app));
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{app}-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, server.Services.GetRequiredService<OpenApiDocumentSource>().Document.Utf8);

        var (exitCode, output) = await NodeTools.RunAsync("validate.mjs", file);

        File.Delete(file);
        Assert.True(exitCode == 0, output);
        Assert.Contains("valid OpenAPI 3.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_committed_example_snapshot_validates_against_the_OpenAPI_3_1_schema()
    {
        var file = Path.Combine(NodeTools.RepositoryRoot(), "examples", "bunbase-app", "openapi.json");

        var (exitCode, output) = await NodeTools.RunAsync("validate.mjs", file);

        Assert.True(exitCode == 0, output);
        Assert.Contains("valid OpenAPI 3.1", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Every_http_action_has_exactly_one_operation_named_for_it(string app)
    {
        await using var server = await AppServer.StartAsync(Apps.ByName(app), extraConfig: Apps.ConfigFor(app));
        var document = await Document(server);
        var catalog = server.Services.GetRequiredService<ActionCatalog>();

        var operations = Operations(document).ToList();

        var expected = catalog.Actions.Where(a => a.Http is not null).Select(a => a.Name).Order().ToArray();
        Assert.Equal(expected, operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Order().ToArray());
        foreach (var action in catalog.Actions.Where(a => a.Http is not null))
        {
            var operation = operations.Single(o => o.Operation["operationId"]!.GetValue<string>() == action.Name);
            Assert.Equal(action.Http!.Method.ToLowerInvariant(), operation.Method);
            Assert.Equal(action.Description, operation.Operation["description"]?.GetValue<string>());
            var pathParameters = (operation.Operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "path").ToList();
            Assert.Equal(action.Http.Route.Parameters.Select(p => p.Name).Order(), pathParameters.Select(p => p!["name"]!.GetValue<string>()).Order());
            Assert.All(pathParameters, p => Assert.True(p!["required"]!.GetValue<bool>()));
            var responses = operation.Operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Contains(action.Http.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), responses);
            Assert.Contains("500", responses);
            Assert.Equal(action.Input.HasBody, responses.Contains("413"));
            Assert.Equal(action.Input.HasBody, responses.Contains("415"));
            Assert.Equal(action.Input.HasBody, operation.Operation["requestBody"] is not null);
        }
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Objects_are_components_referenced_by_ref_never_inlined_twice(string app)
    {
        await using var server = await AppServer.StartAsync(Apps.ByName(app), extraConfig: Apps.ConfigFor(app));
        var document = await Document(server);

        var inlineObjects = new List<string>();
        FindInlineObjects(document["paths"]!, "paths", inlineObjects);
        FindInlineObjects(document["components"]!["responses"]!, "components.responses", inlineObjects);
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            foreach (var (key, child) in schema!.AsObject())
            {
                if (child is not null)
                    FindInlineObjects(child, $"components.schemas.{name}.{key}", inlineObjects);
            }
        }

        Assert.True(inlineObjects.Count == 0, "inline object schemas (should be $refs): " + string.Join(", ", inlineObjects));
        Assert.Contains("Problem", document["components"]!["schemas"]!.AsObject().Select(s => s.Key));
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Enums_are_string_components_and_every_ref_resolves(string app)
    {
        await using var server = await AppServer.StartAsync(Apps.ByName(app), extraConfig: Apps.ConfigFor(app));
        var document = await Document(server);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var enums = new List<(string Where, JsonObject Schema)>();
        var refs = new List<string>();
        Walk(document, "#", enums, refs);

        Assert.All(enums, e =>
        {
            Assert.True(schemas.Any(s => e.Where == "#.components.schemas." + s.Key), $"{e.Where}: an enum not declared as a component");
            Assert.Equal("string", e.Schema["type"]!.GetValue<string>());
            Assert.All(e.Schema["enum"]!.AsArray(), value => Assert.Equal(JsonValueKind.String, value!.GetValueKind()));
        });
        Assert.All(refs, target =>
        {
            var parts = target.Split('/');
            Assert.True(parts.Length == 4 && parts[0] == "#" && parts[1] == "components" && document["components"]![parts[2]]?[parts[3]] is not null, $"$ref {target} does not resolve");
        });
        if (app == "fixture")
            Assert.Equal(Enum.GetNames<Bunbase.TestApp.Actions.Color>(), schemas["Color"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Constraints_nullability_enums_and_defaults_match_the_declarations()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);
        var schemas = (await Document(server))["components"]!["schemas"]!;

        var echo = schemas["Echo.Payload"]!;
        Assert.Equal(["count", "name"], echo["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(1, echo["properties"]!["name"]!["minLength"]!.GetValue<int>());
        Assert.Equal(100, echo["properties"]!["name"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(0, echo["properties"]!["count"]!["minimum"]!.GetValue<int>());
        Assert.Equal(1000, echo["properties"]!["count"]!["maximum"]!.GetValue<int>());

        var color = schemas["Color"]!;
        Assert.Equal("string", color["type"]!.GetValue<string>());
        Assert.Equal(["Red", "Green", "Blue"], color["enum"]!.AsArray().Select(n => n!.GetValue<string>()));

        var strict = schemas["StrictBody.Input"]!;
        Assert.Equal(["count", "name"], strict["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(["null", "string"], strict["properties"]!["note"]!["type"]!.AsArray().Select(n => n!.GetValue<string>()).Order());

        var customer = schemas["PlaceOrder.Customer"]!;
        Assert.Equal("email", customer["properties"]!["email"]!["format"]!.GetValue<string>());
        var line = schemas["PlaceOrder.Line"]!;
        Assert.Equal("^[A-Z]{3}-[0-9]{3}$", line["properties"]!["sku"]!["pattern"]!.GetValue<string>());
        Assert.Equal(1, schemas["PlaceOrder.Order"]!["properties"]!["lines"]!["minItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_recursive_type_is_one_component_referring_to_itself()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);
        var schemas = (await Document(server))["components"]!["schemas"]!;

        var node = schemas["EchoTree.Node"]!;

        Assert.Equal("#/components/schemas/EchoTree.Node", node["properties"]!["children"]!["items"]!["$ref"]!.GetValue<string>());
        Assert.Single(schemas.AsObject(), s => s.Key.Contains("Node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parameters_state_their_source_type_and_whether_required()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);
        var document = await Document(server);

        var parameters = document["paths"]!["/bind/{id}/{slug}"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        var mixed = document["paths"]!["/items/{id}"]!["put"]!;

        Assert.Equal(("path", "integer", "int32"), (parameters["id"]["in"]!.GetValue<string>(), parameters["id"]["schema"]!["type"]!.GetValue<string>(), parameters["id"]["schema"]!["format"]!.GetValue<string>()));
        Assert.Equal(("query", "array"), (parameters["tags"]["in"]!.GetValue<string>(), parameters["tags"]["schema"]!["type"]!.GetValue<string>()));
        Assert.Equal("uuid", parameters["ref"]["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("date-time", parameters["at"]["schema"]!["format"]!.GetValue<string>());
        Assert.Equal("header", parameters["X-Tenant"]["in"]!.GetValue<string>());
        Assert.Equal("cookie", parameters["session"]["in"]!.GetValue<string>());
        Assert.Equal(10, parameters["size"]["schema"]!["default"]!.GetValue<int>());
        Assert.Null(parameters["page"]["required"]);
        var mixedParameters = mixed["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        Assert.True(mixedParameters["X-Version"]["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/mixed-sources.body", mixed["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Responses_describe_headers_cookies_and_no_content()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);
        var paths = (await Document(server))["paths"]!;

        var created = paths["/orders"]!["post"]!["responses"]!["201"]!;
        var noContent = paths["/items/{id}"]!["delete"]!["responses"]!["204"]!;
        var tooMany = (await Document(server))["components"]!["responses"]!["Problem429"];

        Assert.True(created["headers"]!["Location"]!["required"]!.GetValue<bool>());
        Assert.NotNull(created["headers"]!["Set-Cookie"]);
        Assert.Null(noContent["content"]);
        Assert.True(tooMany!["headers"]!["Retry-After"]!["required"]!.GetValue<bool>());
        var limited = paths["/limited"]!["get"]!["responses"]!;
        Assert.NotNull(limited["429"]);
        Assert.True(limited["200"]!["headers"]!["RateLimit-Limit"]!["required"]!.GetValue<bool>());
        Assert.Null(limited["200"]!["headers"]!["RateLimit-Remaining"]!["required"]);
        Assert.Null(limited["503"]);
    }

    [Fact]
    public async Task Served_once_with_an_etag_a_304_and_head()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);

        var first = await server.Client.GetAsync("/openapi.json");
        var second = await server.Client.GetAsync("/openapi.json");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/openapi.json");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        var notModified = await server.Client.SendAsync(conditional);
        var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/openapi.json"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(first.Headers.ETag, head.Headers.ETag);
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), server.Services.GetRequiredService<OpenApiDocumentSource>().Document.Utf8);
    }

    [Fact]
    public async Task The_document_is_built_by_its_first_request_not_at_start_and_concurrent_first_requests_share_it()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        var source = server.Services.GetRequiredService<OpenApiDocumentSource>();

        // A build started with the app (as a warm-up once was) would be done well within this.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var builtBeforeAsked = source.IsBuilt;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.Client.GetAsync("/openapi.json")));

        Assert.False(builtBeforeAsked);
        Assert.True(source.IsBuilt);
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(source.Document.Utf8, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(source.Document.ETag, response.Headers.ETag!.Tag);
        }
    }

    [Theory]
    [InlineData("W/{0}", HttpStatusCode.NotModified)]
    [InlineData("\"other\", {0}", HttpStatusCode.NotModified)]
    [InlineData("*", HttpStatusCode.NotModified)]
    [InlineData("\"other\"", HttpStatusCode.OK)]
    public async Task If_none_match_uses_the_weak_comparison_of_RFC_9110(string header, HttpStatusCode expected)
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        var etag = (await server.Client.GetAsync("/openapi.json")).Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi.json");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, etag));

        var response = await server.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Paths_title_and_version_are_configurable_and_it_can_be_turned_off()
    {
        await using var moved = await AppServer.StartAsync(Apps.Example,
            extraConfig: Apps.ExampleConfig + """, "openapi": { "path": "/spec.json", "title": "Shop API", "version": "2.1.0" }, "docs": { "path": "/api-docs" } """);
        await using var off = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig + """, "openapi": { "enabled": false } """);

        var spec = JsonNode.Parse(await moved.Client.GetStringAsync("/spec.json"))!;
        var docs = await moved.Client.GetAsync("/api-docs/index.html");

        Assert.Equal(("Shop API", "2.1.0"), (spec["info"]!["title"]!.GetValue<string>(), spec["info"]!["version"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = moved.Address };
        var redirect = await noRedirects.GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/api-docs/index.html", redirect.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await moved.Client.GetAsync("/docs/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await off.Client.GetAsync("/docs/index.html")).StatusCode);
        Assert.Contains("/spec.json", await moved.Client.GetStringAsync("/api-docs/index.js"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await moved.Client.GetAsync("/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await off.Client.GetAsync("/openapi.json")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/docs")]
    [InlineData("POST", "/docs/index.html")]
    [InlineData("DELETE", "/docs/index.js")]
    [InlineData("PUT", "/openapi.json")]
    public async Task Another_method_than_get_or_head_is_answered_405_with_allow(string method, string path)
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        var response = await noRedirects.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal("method_not_allowed", problem["code"]!.GetValue<string>());
    }

    public static TheoryData<string> AppNames => Apps.Names;

    private static async Task<JsonNode> Document(AppServer server) =>
        JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (path.Key, op.Key, op.Value!)));

    private static void Walk(JsonNode node, string where, List<(string, JsonObject)> enums, List<string> refs)
    {
        if (node is JsonObject obj)
        {
            if (obj["enum"] is JsonArray)
                enums.Add((where, obj));
            if (obj["$ref"] is JsonValue target)
                refs.Add(target.GetValue<string>());
            foreach (var (key, child) in obj)
            {
                if (child is not null)
                    Walk(child, $"{where}.{key}", enums, refs);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                    Walk(item, $"{where}[{i}]", enums, refs);
            }
        }
    }

    private static void FindInlineObjects(JsonNode node, string where, List<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is not null && obj["type"]?.GetValueKind() == JsonValueKind.String)
                    found.Add(where);
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                        FindInlineObjects(child, $"{where}.{key}", found);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                        FindInlineObjects(item, $"{where}[{i}]", found);
                }

                break;
        }
    }
}
