using System.Collections;
using System.Net;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Start-up refusal over the session secret, and what Development tolerates instead.</summary>
public sealed class SessionKeyRingTests
{
    private static readonly string Strong = AppServer.SessionSecret;

    [Fact]
    public async Task A_missing_secret_outside_development_stops_start_up_naming_an_action_that_needs_it()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: """ "auth": {} """));

        Assert.Contains("'auth.sessionSecret' (or 'auth.keys') is required outside Development", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 48", error.Message, StringComparison.Ordinal);
        Assert.Matches("action '[a-z-]+' \\(", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_secret_shorter_than_32_bytes_stops_start_up_without_echoing_it()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: """ "auth": { "sessionSecret": "hunter2-hunter2-hunter2-hunter2" } """));

        Assert.Contains("'auth.sessionSecret' is 31 bytes; at least 32", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replace-with-the-output-of-openssl-rand-base64-48")]
    [InlineData("change-me-to-a-long-random-secret-at-least-32-bytes")]
    public async Task A_secret_published_in_our_docs_stops_start_up(string published)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(
            variables: new Hashtable { ["BUNBASE__AUTH__SESSIONSECRET"] = published }));

        Assert.Contains("published in documentation or templates", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(published, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_secret_in_the_readme_and_the_template_is_on_the_published_list()
    {
        var root = NodeTools.RepositoryRoot();
        var places = new[] { "README.md", "examples/bunbase-app/bunbase.config.json", "examples/bunbase-app/README.md" }
            .Select(p => Path.Combine(root, p)).Where(File.Exists);
        foreach (var place in places)
        {
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(place), "(?:sessionSecret|\"secret\"|SESSIONSECRET)[\"']?\\s*[:=]\\s*\"?([^\"\\s$`]{32,})"))
                Assert.True(PublishedSecrets.Contains(match.Groups[1].Value), $"{place} shows the secret '{match.Groups[1].Value}', which PublishedSecrets does not list");
        }
    }

    [Fact]
    public async Task A_weak_old_key_in_the_ring_stops_start_up_too()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: $$"""
            "auth": { "keys": [ { "id": "new", "secret": "{{Strong}}" }, { "id": "old", "secret": "short" } ] }
            """));

        Assert.Contains("'auth.keys.1.secret' is 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "sessionSecret": "S", "keys": [ { "id": "a", "secret": "S" } ] }""", "set 'auth.sessionSecret' or 'auth.keys', not both")]
    [InlineData("""{ "keys": [ { "id": "a", "secret": "S" }, { "id": "a", "secret": "S" } ] }""", "repeats the id 'a'")]
    [InlineData("""{ "keys": [ { "id": "a" } ] }""", "'auth.keys.0.secret' is required")]
    public async Task A_muddled_key_ring_stops_start_up(string auth, string expected)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: $""" "auth": {auth.Replace("\"S\"", $"\"{Strong}\"", StringComparison.Ordinal)} """));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Strong, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_a_missing_secret_gives_a_working_ephemeral_key_and_a_warning()
    {
        await using var server = await AppServer.StartAsync(environment: "Development", extraConfig: """ "auth": {} """);
        using var client = TestSessions.PlainClient(server);

        var token = await TestSessions.StartAsync(client, "dev");

        Assert.Equal("dev", await TestSessions.WhoAsync(client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
        var keys = server.Services.GetRequiredService<SessionKeyRing>();
        Assert.True(keys.IsEphemeral);
        Assert.Contains(keys.Warnings, w => w.Contains("random key that ends with this process", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_development_a_weak_secret_is_a_warning_not_a_refusal()
    {
        await using var server = await AppServer.StartAsync(environment: "Development", extraConfig: """ "auth": { "sessionSecret": "short" } """);

        var keys = server.Services.GetRequiredService<SessionKeyRing>();
        Assert.NotNull(keys.SigningKey);
        Assert.Contains(keys.Warnings, w => w.Contains("refused outside Development", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_any_identity_guard_an_app_runs_without_a_secret_and_issues_no_sessions()
    {
        var keys = SessionKeyRing.Create(new AuthOptions(), isDevelopment: false, actionNeedingSessions: null);

        Assert.Null(keys.SigningKey);
        Assert.Empty(keys.Warnings);
    }

    [Fact]
    public void In_development_an_app_without_identity_guards_gets_an_ephemeral_key_silently()
    {
        var keys = SessionKeyRing.Create(new AuthOptions(), isDevelopment: true, actionNeedingSessions: null);

        Assert.True(keys.IsEphemeral);
        Assert.Empty(keys.Warnings);
    }

    [Fact]
    public async Task The_default_key_id_lets_auth_keys_take_over_from_the_session_secret()
    {
        await using var before = await AppServer.StartAsync(extraConfig: $$""" "auth": { "sessionSecret": "{{Strong}}" } """);
        using var client = TestSessions.PlainClient(before);
        var token = await TestSessions.StartAsync(client, "ann");
        await using var after = await AppServer.StartAsync(extraConfig: $$"""
            "auth": { "keys": [ { "id": "2026-12", "secret": "{{Strong}}-next" }, { "id": "default", "secret": "{{Strong}}" } ] }
            """);

        using var response = await TestSessions.PlainClient(after).SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
