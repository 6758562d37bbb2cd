using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>
/// U+0000 (NUL) in what a request binds: PostgreSQL cannot store it in text and SQLite can, so it is
/// refused before the action runs, with the same 400 on both engines, naming the field.
/// </summary>
public abstract class NulCharacterTests : IAsyncLifetime
{
    private const string Refused = "The value contains a NUL character (U+0000), which is not accepted.";

    private AppServer _app = null!;

    /// <summary>What unstorable text a handler made itself (a decoded NUL, an emoji cut in two) gets: PostgreSQL refuses it (400), SQLite stores it (201).</summary>
    protected abstract HttpStatusCode HandlerMadeTextStatus { get; }

    public async Task InitializeAsync() => _app = await StartAsync();

    public virtual async Task DisposeAsync() => await _app.DisposeAsync();

    protected abstract Task<AppServer> StartAsync();

    public static TheoryData<string, string> Bodies => new()
    {
        { """{"text":"a\u0000b"}""", "text" },
        { """{"text":"ok","tags":["a","b\u0000"]}""", "tags[1]" },
        { """{"text":"ok","nested":{"body":"x","replies":[{"body":"y"},{"body":"\u0000"}]}}""", "nested.replies[1].body" },
        { """{"text":"ok","extra":{"deep":[1,{"x":"\u0000z"}]}}""", "extra.deep[1].x" },
        { """{"text":"ok","extra":{"k\u0000":1}}""", "extra" },
        { """{"text":"ok","unknown":"\u0000"}""", "unknown" },
        { """{"te\u0000xt":"ok","text":"ok"}""", "$" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_nul_anywhere_in_the_body_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        using var response = await PostAsync("/texts", body);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", problem.Code);
        Assert.Equal([Refused], problem.Errors[field]);
        Assert.Equal(1, await StoreAsync("after")); // only this one
    }

    [Fact]
    public async Task An_escaped_backslash_before_u0000_is_text_not_a_nul()
    {
        using var response = await PostAsync("/texts", """{"text":"a\\u0000b","tags":["\\\\u0000"]}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_raw_nul_byte_in_the_body_is_malformed_json()
    {
        using var response = await _app.Client.PostAsync("/texts", new ByteArrayContent("{\"text\":\"a\0b\"}"u8.ToArray()) { Headers = { { "Content-Type", "application/json" } } });

        Assert.Equal("malformed_json", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task A_nul_in_a_query_parameter_or_cookie_is_a_400_naming_it()
    {
        using var query = await PostAsync("/texts?source=a%00b", """{"text":"ok"}""");
        using var cookieRequest = new HttpRequestMessage(HttpMethod.Post, "/texts") { Content = Json("""{"text":"ok"}""") };
        cookieRequest.Headers.Add("Cookie", "pref=a%00b");
        using var cookie = await _app.Client.SendAsync(cookieRequest);
        using var repeated = await _app.Client.GetAsync("/bind/1/x?tags=1&tags=2&page=%00");

        Assert.Equal([Refused.Replace("The value", "The query parameter 'source'", StringComparison.Ordinal)], (await Problem.ReadAsync(query, HttpStatusCode.BadRequest)).Errors["source"]);
        Assert.Equal([Refused.Replace("The value", "The cookie 'pref'", StringComparison.Ordinal)], (await Problem.ReadAsync(cookie, HttpStatusCode.BadRequest)).Errors["pref"]);
        Assert.Equal("validation_failed", (await Problem.ReadAsync(repeated, HttpStatusCode.BadRequest)).Code);
        Assert.Equal(1, await StoreAsync("after"));
    }

    [Fact]
    public async Task A_nul_in_a_path_parameter_is_a_400()
    {
        using var response = await _app.Client.GetAsync("/bind/1/a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_nul_in_a_header_is_a_400()
    {
        // HttpClient will not send it: a raw request.
        using var client = new TcpClient();
        await client.ConnectAsync(_app.Address.Host, _app.Address.Port);
        var stream = client.GetStream();
        var body = """{"text":"ok"}""";
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /texts HTTP/1.1\r\nHost: {_app.Address.Authority}\r\nX-Label: a\0b\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var statusLine = await reader.ReadLineAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 400 ", statusLine, StringComparison.Ordinal);
        Assert.Equal(1, await StoreAsync("after"));
    }

    [Fact]
    public async Task Text_a_handler_decodes_itself_reaches_the_database_and_a_refusal_there_is_a_400_not_a_500()
    {
        using var response = await PostAsync("/texts/decoded", $$"""{"base64":"{{Convert.ToBase64String("a\0b"u8.ToArray())}}"}""");

        Assert.Equal(HandlerMadeTextStatus, response.StatusCode);
        if (HandlerMadeTextStatus == HttpStatusCode.BadRequest)
            Assert.Equal("invalid_text", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task Text_a_handler_cuts_inside_an_emoji_is_refused_by_postgresql_as_a_400_not_a_500()
    {
        // Half a character has no UTF-8 form: Npgsql cannot send it (the embedded file stores U+FFFD).
        using var response = await PostAsync("/texts/cut", """{"text":"ab\ud83d\ude00c","length":3}""");

        Assert.Equal(HandlerMadeTextStatus, response.StatusCode);
        if (HandlerMadeTextStatus == HttpStatusCode.BadRequest)
            Assert.Equal("invalid_text", (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
        Assert.Equal(HandlerMadeTextStatus == HttpStatusCode.BadRequest ? 1 : 2, await StoreAsync("after"));
    }

    private async Task<long> StoreAsync(string text)
    {
        using var response = await PostAsync("/texts", $$"""{"text":"{{text}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Stored>())!.Rows;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) => _app.Client.PostAsync(path, Json(json));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private sealed record Stored(long Rows);
}

public sealed class PostgresNulCharacterTests : NulCharacterTests
{
    private TestDatabase _database = null!;

    protected override HttpStatusCode HandlerMadeTextStatus => HttpStatusCode.BadRequest;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override async Task<AppServer> StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false }
            """);
    }
}

public sealed class EmbeddedNulCharacterTests : NulCharacterTests
{
    protected override HttpStatusCode HandlerMadeTextStatus => HttpStatusCode.Created;

    protected override Task<AppServer> StartAsync() => AppServer.StartAsync(extraConfig: "\"queue\": { \"enabled\": false }");
}
