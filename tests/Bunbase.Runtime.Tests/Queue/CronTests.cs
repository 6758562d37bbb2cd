using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>
/// <c>[Cron]</c> time zones and the policy for ticks missed while nothing ran: the schedule's
/// arithmetic on fixed dates, then the jobs app's daily actions started on a fresh PostgreSQL database.
/// </summary>
public sealed class CronTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public void A_schedule_in_a_time_zone_keeps_its_local_hour_across_daylight_saving()
    {
        var schedule = Parse(new CronAttribute("0 9 * * *") { TimeZone = "Europe/Paris" });

        // Clocks in Paris go forward on 29 March 2026: 9:00 is 08:00 UTC the day before, 07:00 UTC after.
        var before = schedule.Next(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero));
        var after = schedule.Next(before!.Value);

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), before);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), after);
        Assert.All([before.Value, after!.Value], tick => Assert.Equal(9, TimeZoneInfo.ConvertTime(tick, Paris).Hour));
    }

    [Fact]
    public void A_local_time_skipped_by_daylight_saving_runs_once_at_the_shift_and_a_repeated_one_runs_once()
    {
        var skipped = Parse(new CronAttribute("30 2 * * *") { TimeZone = "Europe/Paris" });
        var repeated = Parse(new CronAttribute("30 2 * * *") { TimeZone = "Europe/Paris" });

        // 29 March 2026: 02:00-03:00 does not exist in Paris; the tick comes at 03:00 local (01:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), skipped.Next(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));

        // 25 October 2026: 02:00-03:00 happens twice; 02:30 runs once, at its first occurrence (00:30 UTC).
        var first = repeated.Next(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), repeated.Next(first!.Value));
    }

    [Fact]
    public void The_latest_missed_tick_is_the_last_one_in_the_window()
    {
        var schedule = Parse(new CronAttribute("*/15 * * * *"));
        var now = new DateTimeOffset(2026, 12, 3, 10, 7, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), schedule.Latest(now - CronSchedule.CatchUpWindow, now));
        Assert.Null(schedule.Latest(now - TimeSpan.FromMinutes(5), now));
    }

    [Theory]
    [InlineData("0 9 * * *", "Mars/Olympus_Mons", "TimeZone = \"Mars/Olympus_Mons\" is not a known time zone")]
    [InlineData("0 25 * * *", null, "[Cron(\"0 25 * * *\")] is not a cron expression")]
    public void A_bad_schedule_is_refused_with_what_is_wrong(string expression, string? zone, string expected)
    {
        var errors = new List<string>();

        Assert.Null(CronSchedule.Parse(new CronAttribute(expression) { TimeZone = zone }, errors, "Sample"));

        Assert.Contains(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_start_the_latest_missed_tick_runs_once_in_its_time_zone_and_a_no_catch_up_schedule_runs_nothing()
    {
        await using var app = await JobsAppServer.StartAsync();
        var db = app.Database!;

        await Eventually.TrueAsync(async () => await db.ScalarAsync<long>("select count(*) from job_runs where key = 'daily-catch-up'") == 1, "the missed midnight to run");

        // Midnight in Kiritimati (UTC+14) is 10:00 UTC: the tick is that instant, within the past day.
        var tick = await db.ScalarAsync<DateTime>("select cron_tick from job_runs where key = 'daily-catch-up'");
        var now = await db.ScalarAsync<DateTime>("select now()");
        Assert.Equal((10, 0, 0), (tick.Hour, tick.Minute, tick.Second));
        Assert.InRange(now - tick, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from bunbase_cron_ticks where action = 'daily-no-catch-up'"));

        // A second instance starting later finds the tick recorded: it does not run it again (its
        // start-up catch-up comes first thing; 2 s is ample for it, and a run would stay counted).
        await using var second = await JobsAppServer.StartAsync(database: db);
        await Task.Delay(2_000);
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from job_runs where key = 'daily-catch-up'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from job_runs where key = 'daily-no-catch-up'"));
    }

    [Fact]
    public async Task Once_the_scheduler_says_it_has_fired_up_to_a_time_every_tick_until_then_is_enqueued()
    {
        // Two seconds before the coming midnight UTC on a clock that only moves when told (within a day of the
        // database's, whose housekeeping forgets ticks a week old; the run log off: its flushes wait on that clock).
        var midnight = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(midnight.AddSeconds(-2));
        await using var app = await JobsAppServer.StartAsync(
            extraConfig: """ "persistence": { "enabled": false } """,
            host: h => h.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock));
        var scheduler = app.Server.Services.GetServices<IHostedService>().OfType<CronScheduler>().Single();
        await Eventually.TrueAsync(() => Task.FromResult(scheduler.HasFiredUpTo(clock.GetUtcNow())), "the start-up catch-up");
        Assert.False(scheduler.HasFiredUpTo(clock.GetUtcNow().AddSeconds(3)));

        clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(scheduler.HasFiredUpTo(clock.GetUtcNow())), "the ticks up to 00:00:03");

        // No waiting after the answer: midnight's tick (of a schedule that never catches up) is already recorded with its job.
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_cron_ticks where action = 'daily-no-catch-up'"));
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>($"select count(*) from bunbase_cron_ticks where action = 'tick' and tick_at = '{midnight.AddSeconds(3):O}'"));
    }

    private static CronSchedule Parse(CronAttribute cron)
    {
        var errors = new List<string>();
        var schedule = CronSchedule.Parse(cron, errors, "Sample");
        Assert.Empty(errors);
        return schedule!;
    }
}
