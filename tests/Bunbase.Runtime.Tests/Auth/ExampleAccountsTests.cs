extern alias ExampleApp;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Auth;

/// <summary>The example app's accounts (templates/bunbase-app/Actions/Accounts.cs) on the embedded database.</summary>
public sealed class ExampleAccountsTests
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData("ren\u00E9@example.com", "rene\u0301@example.com")]
    [InlineData("ren\u00E9@example.com", "RENE\u0301@EXAMPLE.COM")]
    [InlineData("\u212Aim@example.com", " kim@example.com")]
    public async Task Two_spellings_of_one_email_are_one_account(string first, string second)
    {
        await using var server = await StartAsync();

        using var created = await server.Client.PostAsJsonAsync("/auth/sign-up", new { email = first, password = Password, name = "Ren\u00E9" });
        using var again = await server.Client.PostAsJsonAsync("/auth/sign-up", new { email = second, password = "another password", name = "Mallory" });
        using var signIn = await server.Client.PostAsJsonAsync("/auth/sign-in", new { email = second, password = Password });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("email_taken", (await Problem.ReadAsync(again, HttpStatusCode.Conflict)).Code);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var stored = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("email").GetString();
        Assert.Equal(stored, JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_well_signed_session_without_the_app_s_claims_is_served_from_the_account()
    {
        await using var server = await StartAsync();
        using var created = await server.Client.PostAsJsonAsync("/auth/sign-up", new { email = "ann@example.com", password = Password, name = "Ann" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("id").GetString()!;

        // As an earlier version of the app would have issued it: no ext claim.
        var bare = TokenForge.Sign(TokenForge.Payload("test", id, TimeSpan.Zero, TimeSpan.FromHours(1)), AppServer.SessionSecret);
        var stranger = TokenForge.Sign(TokenForge.Payload("test", "not-a-user", TimeSpan.Zero, TimeSpan.FromHours(1)), AppServer.SessionSecret);
        using var me = await server.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/me", bare));
        using var nobody = await server.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/me", stranger));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ann@example.com", body.GetProperty("email").GetString());
        Assert.Equal("Ann", body.GetProperty("name").GetString());
        Assert.Equal("account_not_found", (await Problem.ReadAsync(nobody, HttpStatusCode.Unauthorized)).Code);
    }

    private static Task<AppServer> StartAsync()
    {
        var migrations = Path.Combine(NodeTools.RepositoryRoot(), "templates", "bunbase-app", "migrations").Replace('\\', '/');
        return AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: $$""" "database": { "migrateOnStart": true, "migrationsPath": "{{migrations}}" }, "queue": { "enabled": false }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "passwordIterations": 10000 } """);
    }
}
