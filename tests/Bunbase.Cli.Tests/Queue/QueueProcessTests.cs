using System.Diagnostics;
using System.Globalization;

namespace Bunbase.Cli.Tests.Queue;

/// <summary>Several runtime processes working one PostgreSQL queue, and what happens when one dies or stops.</summary>
public sealed class QueueProcessTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-queue-").FullName;
    private ScratchDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ScratchDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Ten_thousand_jobs_worked_by_two_processes_each_complete_exactly_once()
    {
        using var first = await JobsAppProcess.StartAsync(_directory, _database.Url);
        using var second = await JobsAppProcess.StartAsync(_directory, _database.Url);

        await first.PostAsync("/enqueue-many", new { count = 10_000, prefix = "bulk" });
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from job_runs where key like 'bulk-%'") >= 10_000, "10,000 runs", 180);
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_jobs where action = 'record'") == 0, "every completed job to be deleted", 30);

        Assert.Equal(10_000L, await _database.ScalarAsync<long>("select count(*) from job_runs where key like 'bulk-%'"));
        Assert.Equal(10_000L, await _database.ScalarAsync<long>("select count(distinct key) from job_runs where key like 'bulk-%'"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("select count(distinct process_id) from job_runs where key like 'bulk-%'"));
    }

    [Fact]
    public async Task A_job_whose_process_is_killed_completes_once_on_the_other_after_its_lease_expires()
    {
        using var first = await JobsAppProcess.StartAsync(_directory, _database.Url);
        using var second = await JobsAppProcess.StartAsync(_directory, _database.Url);

        await first.PostAsync("/enqueue", new { key = "survivor", sleepMs = 3_000 });
        string owner = "";
        await WaitAsync(async () => (owner = await _database.ScalarAsync<string?>("select lease_owner from bunbase_jobs where status = 'running' and input like '%survivor%'") ?? "") != "", "the job to be claimed", 30);
        var ownerPid = int.Parse(owner.Split(':')[1], CultureInfo.InvariantCulture);
        var (victim, survivor) = ownerPid == first.Process.Id ? (first, second) : (second, first);
        Assert.Equal(ownerPid, victim.Process.Id);
        await Task.Delay(500); // mid-job
        victim.Process.Kill();

        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from job_runs where key = 'survivor'") == 1, "the job to complete on the other process", 60);
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_jobs where input like '%survivor%'") == 0, "the job to be deleted", 30);
        await Task.Delay(1_000);

        Assert.Equal(1L, await _database.ScalarAsync<long>("select count(*) from job_runs where key = 'survivor'"));
        Assert.Equal(survivor.Process.Id, await _database.ScalarAsync<int>("select process_id from job_runs where key = 'survivor'"));
        Assert.Equal(2, await _database.ScalarAsync<int>("select attempt from job_runs where key = 'survivor'"));
    }

    [Fact]
    public async Task Cron_on_two_processes_runs_each_tick_once()
    {
        using var first = await JobsAppProcess.StartAsync(_directory, _database.Url);
        using var second = await JobsAppProcess.StartAsync(_directory, _database.Url);
        var bothUp = await _database.ScalarAsync<DateTime>("select now()");

        // Three whole ticks after both processes are up.
        await WaitAsync(async () => await _database.ScalarAsync<long>($"select count(distinct cron_tick) from job_runs where key = 'tick' and cron_tick > '{bothUp:O}'") >= 3, "three ticks", 30);
        await Task.Delay(1_500); // any duplicate of those ticks would have run by now

        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from (select cron_tick from job_runs where key = 'tick' group by cron_tick having count(*) > 1) duplicates"));
        // One statement: a tick that runs between two separate counts would look like a duplicate.
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) - count(distinct cron_tick) from job_runs where key = 'tick'"));
    }

    [Fact]
    public async Task Sigterm_lets_running_jobs_finish_and_releases_those_out_of_time()
    {
        // "short" runs long enough to still be running when "long" starts on a busy machine, and ends well within the shutdown timeout.
        using var app = await JobsAppProcess.StartAsync(_directory, _database.Url, shutdownTimeoutMs: 6_000);
        await app.PostAsync("/enqueue", new { key = "short", sleepMs = 3_000 });
        await app.PostAsync("/enqueue", new { key = "long", sleepMs = 60_000 });
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from bunbase_jobs where status = 'running' and action = 'record'") == 2, "both jobs to run", 30);

        app.Process.Terminate();

        Assert.True(await app.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)), app.Process.Output);
        Assert.Equal(0, app.Process.ExitCode);
        Assert.Equal(1L, await _database.ScalarAsync<long>("select count(*) from job_runs where key = 'short'"));
        Assert.Equal("pending", await _database.ScalarAsync<string>("select status from bunbase_jobs where input like '%long%'"));
        Assert.Equal(0, await _database.ScalarAsync<int>("select attempts from bunbase_jobs where input like '%long%'"));
        Assert.True(await _database.ScalarAsync<bool>("select lease_owner is null from bunbase_jobs where input like '%long%'"));
        Assert.Contains("released 1 unfinished job", app.Process.Output, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited {seconds} s for {what}.");
    }
}
