using System.Diagnostics;
using System.Text.Json;
using Bunbase.Testing;

namespace TestKit.Bench;

/// <summary>
/// The fixture and a stopwatch reporter: it times its own start-up and every test's start and end, and on
/// dispose appends one JSON line to <c>TESTKIT_BENCH_OUT</c> (benchmarks/testkit.sh summarises it).
/// </summary>
public abstract class TimedApp(string backend, BunbaseTestAppOptions options) : BunbaseTestApp(typeof(CreateNote).Assembly, options), IAsyncLifetime
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(double Start, double End)> _tests = [];
    private double _started;

    public new async Task InitializeAsync()
    {
        var before = _clock.Elapsed.TotalMilliseconds;
        await base.InitializeAsync();
        _started = _clock.Elapsed.TotalMilliseconds - before;
    }

    public async Task TimeAsync(Func<Task> test)
    {
        var start = _clock.Elapsed.TotalMilliseconds;
        await test();
        lock (_tests)
            _tests.Add((start, _clock.Elapsed.TotalMilliseconds));
    }

    public new async Task DisposeAsync()
    {
        var before = _clock.Elapsed.TotalMilliseconds;
        await base.DisposeAsync();
        var disposed = _clock.Elapsed.TotalMilliseconds - before;
        if (Environment.GetEnvironmentVariable("TESTKIT_BENCH_OUT") is { Length: > 0 } output)
        {
            var line = JsonSerializer.Serialize(new { backend, startupMs = _started, disposeMs = disposed, tests = _tests.Select(t => new[] { t.Start, t.End }) });
            await File.AppendAllTextAsync(output, line + "\n");
        }
    }
}

public sealed class EmbeddedApp() : TimedApp("embedded", new BunbaseTestAppOptions());

public sealed class PostgresApp() : TimedApp("postgres", new BunbaseTestAppOptions
{
    DatabaseUrl = Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test",
});

/// <summary>Fifty action tests: each creates a note with a typed call and reads it back.</summary>
public abstract class Suite<TApp>(TApp app)
    where TApp : TimedApp
{
    public static TheoryData<int> Fifty => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Fifty))]
    public Task A_note_is_created_and_read_back(int n) => app.TimeAsync(async () =>
    {
        var created = await app.CallAsync(new CreateNote.Input($"note {n}"));

        Assert.Equal($"note {n}", (await app.CallAsync(new GetNote.Input(created.Id))).Text);
    });
}

public sealed class EmbeddedSuite(EmbeddedApp app) : Suite<EmbeddedApp>(app), IClassFixture<EmbeddedApp>;

public sealed class PostgresSuite(PostgresApp app) : Suite<PostgresApp>(app), IClassFixture<PostgresApp>;
