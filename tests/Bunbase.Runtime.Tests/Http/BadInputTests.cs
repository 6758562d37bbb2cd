using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>Every bad input the foundation names: a clear 4xx problem, and the server stays healthy.</summary>
public sealed class BadInputTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Malformed_json_is_a_400_saying_where()
    {
        var problem = await PostEcho("""{"name":"bench","count":42""", HttpStatusCode.BadRequest);

        Assert.Equal("malformed_json", problem.Code);
        Assert.Contains("line 1", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("byte", problem.Detail, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_is_a_400()
    {
        var array = await PostEcho("[1,2,3]", HttpStatusCode.BadRequest);
        var objectForString = await PostEcho("""{"name":{"first":"a"},"count":1}""", HttpStatusCode.BadRequest);

        Assert.Equal(["Expected a JSON object, got an array."], array.Errors["$"]);
        Assert.Equal(["The name field must be a string."], objectForString.Errors["name"]);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Number_too_large_for_its_type_is_a_400_naming_the_field()
    {
        var problem = await PostEcho("""{"name":"bench","count":99999999999}""", HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", problem.Code);
        Assert.Contains("integer from -2147483648 to 2147483647", Assert.Single(problem.Errors["count"]), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Missing_required_field_is_a_400_keyed_by_its_json_name()
    {
        var problem = await PostEcho("""{"count":1}""", HttpStatusCode.BadRequest);

        Assert.Equal(["The name field is required."], problem.Errors["name"]);
        Assert.Single(problem.Errors);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task String_over_its_limit_is_a_400()
    {
        var problem = await PostEcho($$"""{"name":"{{new string('x', 101)}}","count":1}""", HttpStatusCode.BadRequest);

        Assert.Contains("maximum length of 100", Assert.Single(problem.Errors["name"]), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Path_parameter_that_does_not_parse_is_a_400_not_a_404()
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/bind/abc/slug"), HttpStatusCode.BadRequest);

        Assert.Contains("path parameter 'id' must be an integer", Assert.Single(problem.Errors["id"]), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Repeated_query_key_where_one_value_is_expected_is_a_400()
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/bind/1/slug?page=1&page=2"), HttpStatusCode.BadRequest);

        Assert.Equal(["The query parameter 'page' was given 2 times; it takes one value."], problem.Errors["page"]);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_20_MB_body_is_a_413_before_it_is_sent()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"name":"{{new string('x', 20 * 1024 * 1024)}}","count":1}"""));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content };

        // A large upload asks first; the limit is checked from Content-Length before any body is read.
        request.Headers.ExpectContinue = true;
        var problem = await Problem.ReadAsync(await app.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("payload_too_large", problem.Code);
        Assert.True(problem.Response.Headers.ConnectionClose);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_20_MB_chunked_body_is_cut_off_with_a_413()
    {
        var (status, response) = await RawHttp.PostChunkedAsync(app.Server.Address, "/echo", "application/json", 20L * 1024 * 1024);

        Assert.True(status == 413, response);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Empty_post_body_is_a_400()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var problem = await Problem.ReadAsync(await app.Client.PostAsync("/echo", content), HttpStatusCode.BadRequest);
        var noBodyAtAll = await Problem.ReadAsync(await app.Client.PostAsync("/echo", null), HttpStatusCode.BadRequest);

        Assert.Equal("empty_body", problem.Code);
        Assert.Equal("empty_body", noBodyAtAll.Code);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Non_utf8_bytes_are_a_400_saying_where()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xFF, 0xFE, .. "\",\"count\":1}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var problem = await Problem.ReadAsync(await app.Client.PostAsync("/echo", content), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_utf8", problem.Code);
        Assert.Contains("offset 9", problem.Detail, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, gzip")]
    public async Task A_compressed_body_is_a_415_naming_its_encoding_not_malformed_json(string encoding)
    {
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write("""{"name":"zipped","count":1}"""u8);
            compressed = buffer.ToArray();
        }

        using var content = new ByteArrayContent(compressed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var coding in encoding.Split(", "))
            content.Headers.ContentEncoding.Add(coding);

        var problem = await Problem.ReadAsync(await app.Client.PostAsync("/echo", content), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("unsupported_content_encoding", problem.Code);
        Assert.Contains(encoding, problem.Detail, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_body_that_starts_with_a_utf8_byte_order_mark_is_read_as_json()
    {
        using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """{"name":"bom","count":2}"""u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var identity = new ByteArrayContent("""{"name":"plain","count":3}"""u8.ToArray());
        identity.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        identity.Headers.ContentEncoding.Add("identity");

        var response = await app.Client.PostAsync("/echo", content);
        var plain = await app.Client.PostAsync("/echo", identity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"name":"bom","count":2}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("""{"name":"plain","count":3}""", await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_a_field_name_is_a_400_saying_where()
    {
        // Valid JSON and valid UTF-8, but not Unicode, in a name no field has: the reader refuses it outside its usual
        // error (values: A_lone_surrogate_escape_is_a_400_that_says_so).
        var alone = await PostEcho("""{"\ud800":1}""", HttpStatusCode.BadRequest);
        var after = await PostEcho("""{"name":"a","count":1,"x\udc00":2}""", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_unicode", alone.Code);
        Assert.Contains("at byte 2", alone.Detail, StringComparison.Ordinal);
        Assert.Equal("invalid_unicode", after.Code);
        Assert.Contains("at byte 23", after.Detail, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Json_nested_1000_deep_is_a_400()
    {
        var arrays = await PostEcho(new string('[', 1000) + new string(']', 1000), HttpStatusCode.BadRequest);
        var objects = await PostEcho(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000), HttpStatusCode.BadRequest);

        Assert.Equal("json_too_deep", arrays.Code);
        Assert.Equal("json_too_deep", objects.Code);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415()
    {
        using var content = new StringContent("""{"name":"bench","count":42}""", Encoding.UTF8, "text/plain");

        var problem = await Problem.ReadAsync(await app.Client.PostAsync("/echo", content), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("unsupported_media_type", problem.Code);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync($"/nothing/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        Assert.Equal("not_found", problem.Code);
    }

    [Fact]
    public async Task Known_route_with_the_wrong_method_is_a_405_problem_with_allow()
    {
        var response = await app.Client.DeleteAsync("/echo");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", problem.Code);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Duplicate_json_keys_are_refused()
    {
        var problem = await PostEcho("""{"name":"a","count":1,"name":"b"}""", HttpStatusCode.BadRequest);

        Assert.Contains("more than once", Assert.Single(problem.Errors["name"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\ud800", "\\ud800")]
    [InlineData("ab\\uDFFFcd", "\\uDFFF")]
    [InlineData("\\ud83d\\ud83d\\ude00", "\\ud83d")]     // a high surrogate followed by a full pair
    [InlineData("x\\ud83d\\n", "\\ud83d")]
    [InlineData("\\ude00\\ud83d", "\\ude00")]           // the halves in the wrong order
    public async Task A_lone_surrogate_escape_is_a_400_that_says_so(string text, string escape)
    {
        var problem = await PostEcho($$"""{"name":"{{text}}","count":1}""", HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.Errors["name"]);
        Assert.Contains(escape, message, StringComparison.Ordinal);
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_surrogate_pair_escape_is_fine()
    {
        using var response = await app.Client.PostAsync("/echo", Json("""{"name":"\ud83d\ude00","count":1}"""));

        var echoed = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("\U0001F600", echoed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Null_for_a_non_nullable_string_is_a_400()
    {
        var problem = await PostEcho("""{"name":null,"count":1}""", HttpStatusCode.BadRequest);

        Assert.Equal(["The name field must not be null."], problem.Errors["name"]);
    }

    [Fact]
    public async Task Nested_validation_errors_are_keyed_by_json_path()
    {
        var problem = await Post("/orders", """{"customer":{"email":"not-an-email"},"lines":[{"sku":"abc","quantity":0}]}""", HttpStatusCode.BadRequest);

        Assert.Contains("customer.email", problem.Errors.Keys);
        Assert.Contains("lines[0].sku", problem.Errors.Keys);
        Assert.Contains("lines[0].quantity", problem.Errors.Keys);
    }

    [Fact]
    public async Task A_recursive_input_is_validated_at_every_level()
    {
        var problem = await Post("/tree", """{"name":"a","children":[{"name":"b","children":[{"name":"","children":null}]}]}""", HttpStatusCode.BadRequest);

        Assert.Equal(["children[0].children[0].name"], problem.Errors.Keys);
    }

    [Fact]
    public async Task Required_members_follow_csharp_nullability_and_defaults()
    {
        var missing = await Post("/strict", "{}", HttpStatusCode.BadRequest);
        var minimal = await app.Client.PostAsync("/strict", Json("""{"name":"n","count":3}"""));

        Assert.Equal(["count", "name"], missing.Errors.Keys.Order().ToArray());
        Assert.Equal("""{"name":"n","count":3,"note":null,"color":"Red","optional":5}""", await minimal.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Red, Blue")]
    [InlineData(" Green")]
    public async Task An_enum_that_is_not_exactly_one_of_its_names_is_a_400_naming_the_field(string color)
    {
        // "Red, Blue" was read as Red | Blue, which is Blue: a value the client never sent.
        var problem = await Post("/strict", $$"""{"name":"n","count":3,"color":"{{color}}"}""", HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", problem.Code);
        Assert.Equal(["color"], problem.Errors.Keys);
        Assert.Contains("Red, Green, Blue", Assert.Single(problem.Errors["color"]), StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<Problem> PostEcho(string json, HttpStatusCode expected) => Post("/echo", json, expected);

    private async Task<Problem> Post(string path, string json, HttpStatusCode expected) =>
        await Problem.ReadAsync(await app.Client.PostAsync(path, Json(json)), expected);

    private async Task AssertServerHealthy()
    {
        var response = await app.Client.PostAsync("/echo", Json("""{"name":"still","count":7}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"name":"still","count":7}""", await response.Content.ReadAsStringAsync());
    }
}
