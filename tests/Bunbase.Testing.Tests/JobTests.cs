using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class JobTests
{
    public static TheoryData<bool> Backends => new() { false, true };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RunUntilIdle_runs_the_jobs_a_call_enqueued(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        await app.CallAsync(new CreateNote.Input("first"));
        await app.Jobs.RunUntilIdleAsync();

        Assert.Contains("created 1", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_delayed_job_runs_once_the_clock_is_advanced_past_its_delay(bool postgres)
    {
        await using var app = await StartAsync(postgres);
        await app.CallAsync(new ScheduleReminder.Input("later", DelayMinutes: 5));

        await app.Jobs.RunUntilIdleAsync();
        Assert.DoesNotContain("later", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
        await app.AdvanceAsync(TimeSpan.FromMinutes(4));
        await app.Jobs.RunUntilIdleAsync();
        Assert.DoesNotContain("later", (await app.CallAsync(new ListRemindersSent.Input())).Texts);

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await app.Jobs.RunUntilIdleAsync();

        Assert.Contains("later", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_job_delayed_after_the_clock_moved_waits_its_whole_delay(bool postgres)
    {
        await using var app = await StartAsync(postgres);
        await app.AdvanceAsync(TimeSpan.FromHours(1));

        await app.CallAsync(new ScheduleReminder.Input("later", DelayMinutes: 5));
        await app.Jobs.RunUntilIdleAsync();

        Assert.DoesNotContain("later", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_cron_action_runs_its_missed_tick_at_start_and_the_next_once_the_clock_reaches_it(bool postgres)
    {
        await using var app = await StartAsync(postgres);

        await app.Jobs.RunUntilIdleAsync();
        Assert.Single(await app.Runs.ListAsync("hourly"));
        await app.AdvanceAsync(TimeSpan.FromHours(1));
        await app.Jobs.RunUntilIdleAsync();

        var runs = await app.Runs.ListAsync("hourly");
        Assert.Equal(["cron", "cron"], runs.Select(r => r.Trigger));
        Assert.All(runs, r => Assert.Equal("ok", r.Status));
    }

    [Fact]
    public async Task A_test_enqueues_a_job_only_action_itself()
    {
        await using var app = await StartAsync(postgres: false);

        await app.Jobs.EnqueueAsync(new SendReminder.Input("direct"));
        await app.Jobs.RunUntilIdleAsync();

        Assert.Contains("direct", (await app.CallAsync(new ListRemindersSent.Input())).Texts);
        var run = Assert.Single(await app.Runs.ListAsync("send-reminder"));
        Assert.Equal("job", run.Trigger);
    }

    private static Task<BunbaseTestApp> StartAsync(bool postgres) =>
        BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, new BunbaseTestAppOptions { DatabaseUrl = postgres ? TestServers.DatabaseUrl : null });
}
