using System.Net;
using Bunbase.Testing.Tests.App;

namespace Bunbase.Testing.Tests;

/// <summary>Each test advances its own app's clock, so each starts its own app.</summary>
public sealed class ClockTests
{
    [Fact]
    public async Task A_session_expires_when_the_clock_passes_its_lifetime()
    {
        await using var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly);
        var ada = await app.SignInAsync("ada");
        Assert.Equal(HttpStatusCode.OK, (await ada.SendAsync(new WhoAmI.Input())).Status);

        await app.AdvanceAsync(TimeSpan.FromDays(8));
        var expired = await ada.SendAsync(new WhoAmI.Input());

        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("session_expired", expired.Problem!.Code);
    }

    [Fact]
    public async Task The_app_reads_the_test_clock()
    {
        await using var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly);
        await app.AdvanceAsync(TimeSpan.FromDays(365));

        await app.CallAsync(new CreateNote.Input("x"));
        var run = Assert.Single(await app.Runs.ListAsync("create-note"));

        Assert.True(run.StartedAt > DateTimeOffset.UtcNow.AddDays(360), $"started at {run.StartedAt:O}");
    }

    [Fact]
    public async Task Advancing_fires_a_delay_on_the_clock_at_once()
    {
        var clock = new TestClock();
        var delay = Task.Delay(TimeSpan.FromHours(1), clock);
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromHours(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Time_flows_on_the_clock_and_a_short_delay_completes_without_advancing()
    {
        var clock = new TestClock();
        var before = clock.GetUtcNow();

        await Task.Delay(TimeSpan.FromMilliseconds(20), clock).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.GetUtcNow() > before);
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_jump_however_far()
    {
        var clock = new TestClock();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, fired);
    }
}
