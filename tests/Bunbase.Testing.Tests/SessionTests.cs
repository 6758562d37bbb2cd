using System.Net;
using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class SessionTests(EmbeddedApp app) : IClassFixture<EmbeddedApp>
{
    [Fact]
    public async Task A_guarded_action_answers_401_without_a_session_and_200_with_one()
    {
        var anonymous = await app.SendAsync(new WhoAmI.Input());
        var ada = await app.SignInAsync("ada");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("ada", (await ada.CallAsync(new WhoAmI.Input())).UserId);
    }

    [Fact]
    public async Task A_role_guard_answers_403_for_another_role_and_200_for_its_own()
    {
        var editor = await app.SignInAsync("bob", "editor");
        var admin = await app.SignInAsync("carol", "admin");

        var refused = await editor.SendAsync(new AdminStats.Input());

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("role_required", refused.Problem!.Code);
        Assert.Equal(42, (await admin.CallAsync(new AdminStats.Input())).Answer);
    }

    [Fact]
    public async Task The_session_token_also_works_as_the_session_cookie()
    {
        var ada = await app.SignInAsync("ada");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", "session=" + ada.Token);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
