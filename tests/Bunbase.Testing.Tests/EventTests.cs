using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class EventTests
{
    public static TheoryData<bool> Backends => new() { false, true };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RunUntilIdle_waits_for_the_subscriber_of_an_event_an_action_published(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        await app.CallAsync(new PostMessage.Input("hello"));
        await app.Jobs.RunUntilIdleAsync();

        Assert.Contains("seen hello", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
        var run = Assert.Single(await app.Runs.ListAsync("record-message"));
        Assert.Equal("event", run.Trigger);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task One_call_drains_a_job_that_publishes_an_event_whose_subscriber_enqueues_a_job(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        await app.Jobs.EnqueueAsync(new Announce.Input("launch"));
        await app.Jobs.RunUntilIdleAsync();

        Assert.Contains("after launch", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_subscriber_that_always_fails_ends_in_the_dead_letters(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        var published = await app.Events.PublishAsync("doom-1", "doomed", new MessagePosted("x"));
        await app.Jobs.RunUntilIdleAsync();

        var dead = Assert.Single(await app.Events.DeadLettersAsync("fail-always"));
        Assert.Equal(published.Id, dead.EventId);
        Assert.Equal(2, dead.Attempts);
        Assert.Contains("cannot handle x", dead.Error, StringComparison.Ordinal);
        Assert.Empty(await app.Events.DeadLettersAsync("record-message"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ReadStream_returns_the_published_events_numbered_after_RunUntilIdle(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        await app.CallAsync(new PostMessage.Input("one"));
        await app.Events.PublishAsync("message-1", "message-edited", new { Text = "two" });
        await app.Jobs.RunUntilIdleAsync();

        var events = await app.Events.ReadStreamAsync("message-1");
        Assert.Equal(["message-posted", "message-edited"], events.Select(e => e.Type));
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.All(events, e => Assert.NotNull(e.Position));
        Assert.Equal("one", events[0].Data.GetProperty("text").GetString());
        Assert.Empty(await app.Events.ReadStreamAsync("message-2"));
    }

    [Fact]
    public async Task RunUntilIdle_names_the_subscription_partition_and_position_it_could_not_wait_for()
    {
        await using var app = await StartAsync(postgres: false, ("BUNBASE__SUBSCRIPTIONS__SHUTDOWNTIMEOUTMS", "100"));

        await app.Events.PublishAsync("stuck-1", "stuck", new MessagePosted("x"));
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => app.Jobs.RunUntilIdleAsync(TimeSpan.FromSeconds(2)));

        Assert.Matches(@"subscription 'hang' partition \d+ at position 0 of head 1", timeout.Message);
        Assert.DoesNotContain("record-message", timeout.Message, StringComparison.Ordinal);
    }

    private static Task<BunbaseTestApp> StartAsync(bool postgres, params (string Key, string Value)[] settings)
    {
        var options = new BunbaseTestAppOptions { DatabaseUrl = postgres ? TestServers.DatabaseUrl : null };
        options.Settings["BUNBASE__SUBSCRIPTIONS__MAXATTEMPTS"] = "2";
        foreach (var (key, value) in settings)
            options.Settings[key] = value;
        return BunbaseTestApp.StartAsync(typeof(PostMessage).Assembly, options);
    }
}
