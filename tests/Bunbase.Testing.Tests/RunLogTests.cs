using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class RunLogTests(EmbeddedApp app) : IClassFixture<EmbeddedApp>
{
    [Fact]
    public async Task A_call_is_in_the_run_log_as_soon_as_it_has_answered()
    {
        var ada = await app.SignInAsync("ada");
        await ada.CallAsync(new WhoAmI.Input());

        var run = Assert.Single(await app.Runs.ListAsync("who-am-i"));

        Assert.Equal(("http", "ok", 200, "ada"), (run.Trigger, run.Status, run.HttpStatus, run.UserId));
    }

    [Fact]
    public async Task A_refused_call_is_recorded_as_rejected_with_its_code()
    {
        await app.SendAsync(new AdminStats.Input());

        var run = Assert.Single(await app.Runs.ListAsync("admin-stats", status: "rejected"));

        Assert.Equal(401, run.HttpStatus);
    }
}
