using System.ComponentModel.DataAnnotations;

namespace Bunbase.JobsApp.Actions;

/// <summary>
/// A job that records each attempt that gets to its end; it can sleep, fail its first attempts, or
/// fail (for good) until a <c>markers</c> row named <c>BlockedUntil</c> exists: a cause an operator fixes.
/// <c>NulInError</c> puts a NUL character in the failure's message (which PostgreSQL cannot store as text);
/// <c>HalfCharacterInError</c> ends it with half of an emoji's surrogate pair (which UTF-8 cannot encode), as a cut quote would.
/// <c>WaitForFile</c> holds the attempt until that file exists (at most a minute): a test decides when it goes on.
/// </summary>
[Action("record")]
[Job(Backoff = "50ms", MaxBackoff = "200ms")]
public sealed class Record : ActionHandler<Record.Input, Record.Output>
{
    public sealed record Input([Required, StringLength(200, MinimumLength = 1)] string Key, int FailTimes = 0, bool NonRetryable = false, int SleepMs = 0, string? BlockedUntil = null, bool NulInError = false, string? WaitForFile = null, bool HalfCharacterInError = false) : IActionInput<Output>;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        if (input.SleepMs > 0)
            await Task.Delay(input.SleepMs, cancellationToken);
        for (var waited = 0; input.WaitForFile is { } file && !File.Exists(file) && waited < 60_000; waited += 50)
            await Task.Delay(50, cancellationToken);
        var job = context.Job ?? throw new InvalidOperationException("record runs as a job");
        if (input.BlockedUntil is { } marker
            && await context.Db.ExecuteScalarAsync<long>("select count(*) from markers where key = @marker", new { marker }, cancellationToken) == 0)
            throw new NonRetryableException($"blocked until marker '{marker}' exists");
        if (job.Attempt <= input.FailTimes)
        {
            var nul = (input.NulInError ? " \0" : "") + (input.HalfCharacterInError ? " \uD83D" : "");
            throw input.NonRetryable
                ? new NonRetryableException($"told to fail for good (attempt {job.Attempt}){nul}")
                : new InvalidOperationException($"told to fail attempt {job.Attempt}{nul}");
        }

        await context.Db.ExecuteAsync(
            "insert into job_runs (key, attempt, process_id, trigger, trace_id) values (@Key, @Attempt, @ProcessId, 'job', @TraceId)",
            new { input.Key, job.Attempt, Environment.ProcessId, context.TraceId },
            cancellationToken);
        return new Output();
    }
}

/// <summary>Fires every second; each run records its tick.</summary>
[Action("tick")]
[Cron("* * * * * *")]
public sealed class Tick : ActionHandler<Tick.Input, Record.Output>
{
    public sealed record Input;

    public override async Task<Record.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var job = context.Job!;
        await context.Db.ExecuteAsync(
            "insert into job_runs (key, attempt, process_id, trigger, trace_id, cron_tick) values ('tick', @Attempt, @ProcessId, 'cron', @TraceId, @Tick)",
            new { job.Attempt, Environment.ProcessId, context.TraceId, Tick = job.CronTick },
            cancellationToken);
        return new Record.Output();
    }
}

/// <summary>
/// Daily at midnight in a zone 14 hours ahead of UTC (no daylight saving), catching up the latest
/// missed tick: every start on a fresh database runs the last midnight there (10:00 UTC) once.
/// </summary>
[Action("daily-catch-up")]
[Cron("0 0 * * *", TimeZone = "Pacific/Kiritimati")]
public sealed class DailyCatchUp : ActionHandler<Tick.Input, Record.Output>
{
    public override Task<Record.Output> RunAsync(Tick.Input input, ActionContext context, CancellationToken cancellationToken) =>
        CronRun.RecordAsync("daily-catch-up", context, cancellationToken);
}

/// <summary>Daily at midnight UTC, never catching up: a start runs nothing for it.</summary>
[Action("daily-no-catch-up")]
[Cron("0 0 * * *", CatchUp = CronCatchUp.None)]
public sealed class DailyNoCatchUp : ActionHandler<Tick.Input, Record.Output>
{
    public override Task<Record.Output> RunAsync(Tick.Input input, ActionContext context, CancellationToken cancellationToken) =>
        CronRun.RecordAsync("daily-no-catch-up", context, cancellationToken);
}

internal static class CronRun
{
    public static async Task<Record.Output> RecordAsync(string key, ActionContext context, CancellationToken cancellationToken)
    {
        var job = context.Job!;
        await context.Db.ExecuteAsync(
            "insert into job_runs (key, attempt, process_id, trigger, trace_id, cron_tick) values (@Key, @Attempt, @ProcessId, 'cron', @TraceId, @Tick)",
            new { Key = key, job.Attempt, Environment.ProcessId, context.TraceId, Tick = job.CronTick },
            cancellationToken);
        return new Record.Output();
    }
}

public sealed record EnqueueOutput(Guid Id, string TraceId);

[Action("enqueue")]
[Post("/enqueue")]
public sealed class Enqueue : ActionHandler<Enqueue.Input, EnqueueOutput>
{
    public sealed record Input(
        [Required] string Key,
        int FailTimes = 0,
        bool NonRetryable = false,
        int SleepMs = 0,
        int? DelayMs = null,
        string? IdempotencyKey = null,
        int? MaxAttempts = null,
        int? Priority = null,
        string? BlockedUntil = null,
        bool NulInError = false,
        string? WaitForFile = null,
        bool HalfCharacterInError = false);

    public override async Task<EnqueueOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var id = await context.Queue.EnqueueAsync(
            new Record.Input(input.Key, input.FailTimes, input.NonRetryable, input.SleepMs, input.BlockedUntil, input.NulInError, input.WaitForFile, input.HalfCharacterInError),
            new JobOptions
            {
                Delay = input.DelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                IdempotencyKey = input.IdempotencyKey,
                MaxAttempts = input.MaxAttempts,
                Priority = input.Priority,
            },
            cancellationToken);
        return new EnqueueOutput(id, context.TraceId);
    }
}

[Action("enqueue-many")]
[Post("/enqueue-many")]
public sealed class EnqueueMany : ActionHandler<EnqueueMany.Input, EnqueueMany.Output>
{
    public sealed record Input([Range(1, 100_000)] int Count, [Required] string Prefix, int SleepMs = 0);

    public sealed record Output(int Enqueued);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // One transaction: the jobs become visible together.
        await context.Db.TransactionAsync(async _ =>
        {
            for (var i = 0; i < input.Count; i++)
                await context.Queue.EnqueueAsync(new Record.Input($"{input.Prefix}-{i}", SleepMs: input.SleepMs), cancellationToken: cancellationToken);
        });
        return new Output(input.Count);
    }
}

[Action("enqueue-in-transaction")]
[Post("/enqueue-in-transaction")]
[ErrorResponses(409)]
public sealed class EnqueueInTransaction : ActionHandler<EnqueueInTransaction.Input, EnqueueOutput>
{
    public sealed record Input([Required] string Key, bool Rollback);

    public override async Task<EnqueueOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var id = await context.Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("insert into markers (key) values (@Key)", input, cancellationToken);
            var id = await context.Queue.EnqueueAsync(new Record.Input(input.Key), cancellationToken: cancellationToken);
            if (input.Rollback)
                throw new ConflictException("rolled back on purpose");
            return id;
        });
        return new EnqueueOutput(id, context.TraceId);
    }
}

[Action("enqueue-invalid")]
[Post("/enqueue-invalid")]
public sealed class EnqueueInvalid : ActionHandler<EnqueueInvalid.Input, EnqueueInvalid.Output>
{
    public sealed record Input;

    public sealed record Output(string Error, string[] Fields);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.Queue.EnqueueAsync(new Record.Input(""), cancellationToken: cancellationToken);
            return new Output("", []);
        }
        catch (InvalidJobInputException ex)
        {
            return new Output(ex.Message, [.. ex.Errors.Keys]);
        }
    }
}

/// <summary>A job whose one statement waits until the test releases an advisory lock: a long statement under the test's control.</summary>
[Action("hold")]
public sealed class Hold : ActionHandler<Hold.Input, Record.Output>
{
    public sealed record Input(long LockKey) : IActionInput<Record.Output>;

    public override async Task<Record.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("select pg_advisory_xact_lock_shared(@LockKey) /* hold */", input, cancellationToken);
        return new Record.Output();
    }
}

[Action("enqueue-holds")]
[Post("/enqueue-holds")]
public sealed class EnqueueHolds : ActionHandler<EnqueueHolds.Input, EnqueueMany.Output>
{
    public sealed record Input([Range(1, 100)] int Count, long LockKey);

    public override async Task<EnqueueMany.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < input.Count; i++)
            await context.Queue.EnqueueAsync(new Hold.Input(input.LockKey), cancellationToken: cancellationToken);
        return new EnqueueMany.Output(input.Count);
    }
}

/// <summary>One short statement through ctx.Db, unrelated to any job.</summary>
[Action("db-ping")]
[Get("/db-ping")]
public sealed class DbPing : ActionHandler<DbPing.Input, DbPing.Output>
{
    public sealed record Input : IActionInput<Output>;

    public sealed record Output(int One);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.QuerySingleAsync<int>("select 1 /* db-ping */", cancellationToken: cancellationToken));
}

/// <summary>
/// A job (or request) that waits until a test in the same process opens its gate (<see cref="Gates"/>),
/// or ends at once without one: work whose length the test decides, for direct tests of the workers and
/// of the shutdown phases.
/// </summary>
[Action("gated")]
[Post("/gated")]
public sealed class Gated : ActionHandler<Gated.Input, Record.Output>
{
    public sealed record Input(string? Gate = null);

    public override async Task<Record.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        if (input.Gate is { } gate)
            await Gates.PassAsync(gate, cancellationToken);
        return new Record.Output();
    }
}
