using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// <c>bunbase benchmark [SCENARIO...]</c>: starts the app (or targets <see cref="BenchmarkSettings.Url"/>),
/// prepares each scenario, warms up, runs its rounds, prints a table and writes the results JSON.
/// </summary>
internal static class BenchmarkRunner
{
    /// <summary>Runs the benchmark. Returns 0, 1 when a comparison with <see cref="BenchmarkSettings.Baseline"/> found a regression, 2 on a usage or connection problem (one line on <paramref name="error"/>, or on <paramref name="output"/> when null).</summary>
    public static async Task<int> RunAsync(BenchmarkSettings settings, TextWriter output, CancellationToken cancellationToken, TextWriter? error = null)
    {
        try
        {
            return await RunCoreAsync(settings, output, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await (error ?? output).WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> RunCoreAsync(BenchmarkSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        Validate(settings);
        var fileScenarios = settings.ScenarioFile is { } file ? ScenarioFile.Load(file) : [];
        foreach (var name in settings.Scenarios)
        {
            if (!fileScenarios.Any(s => s.Name == name) && !BuiltInScenarios.Names.Contains(name))
                throw new CliException($"unknown scenario '{name}' (known: {string.Join(", ", BuiltInScenarios.Names.Concat(fileScenarios.Select(s => s.Name)).Distinct())})");
        }

        AppServer? app = null;
        try
        {
            string url;
            if (settings.Url is { } given)
            {
                url = given.TrimEnd('/');
            }
            else
            {
                app = await AppServer.StartAsync(settings.ConfigPath, output, cancellationToken).ConfigureAwait(false);
                url = app.Url;
            }

            var uri = ParseUrl(url);
            var target = await ConnectOnceAsync(uri, cancellationToken).ConfigureAwait(false);
            var serverPid = app?.Pid ?? settings.ServerPid;
            using var client = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(30) };
            var scenarios = await ResolveAsync(settings, fileScenarios, client, output, cancellationToken).ConfigureAwait(false);

            var results = new List<ScenarioResult>();
            foreach (var scenario in scenarios)
                results.Add(await RunScenarioAsync(settings, scenario, uri, target, client, serverPid, output, cancellationToken).ConfigureAwait(false));

            var document = new ResultsDocument
            {
                Timestamp = TimeProvider.System.GetUtcNow(),
                Target = new ResultsTarget(url, app is not null, serverPid),
                Machine = ResultsMachine.Current(),
                Settings = ResultsSettings.From(settings),
                Scenarios = results,
            };
            await ResultsReport.WriteAsync(document, output).ConfigureAwait(false);
            var path = settings.Output ?? Path.Combine("benchmarks", "results", $"results-{document.Timestamp:yyyyMMdd-HHmmss}.json");
            await ResultsFile.WriteAsync(path, document).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
            if (settings.SaveBaseline is { } baseline)
            {
                await ResultsFile.WriteAsync(baseline, document).ConfigureAwait(false);
                await output.WriteLineAsync($"saved the baseline {baseline}").ConfigureAwait(false);
            }

            if (settings.Baseline is { } against)
                return await BenchmarkCompare.CompareAsync(document, ResultsFile.Read(against), settings.Thresholds, output).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (app is not null)
                await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<ScenarioDefinition>> ResolveAsync(BenchmarkSettings settings, IReadOnlyList<ScenarioDefinition> fileScenarios, HttpClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var explicitNames = settings.Scenarios.Count > 0;
        var names = explicitNames ? settings.Scenarios.Distinct().ToList() : [.. BuiltInScenarios.Names.Where(n => !fileScenarios.Any(s => s.Name == n)), .. fileScenarios.Select(s => s.Name)];
        var scenarios = new List<ScenarioDefinition>();
        foreach (var name in names)
        {
            if (fileScenarios.FirstOrDefault(s => s.Name == name) is { } fromFile)
            {
                scenarios.Add(fromFile);
            }
            else if (BuiltInScenarios.Fixed(name) is { } builtIn)
            {
                scenarios.Add(builtIn);
            }
            else
            {
                var (database, missing) = await BuiltInScenarios.DatabaseAsync(name, client, cancellationToken).ConfigureAwait(false);
                if (database is not null)
                    scenarios.Add(database);
                else if (explicitNames)
                    throw new CliException($"scenario {name}: {missing}");
                else
                    await output.WriteLineAsync($"skipping {name}: {missing}").ConfigureAwait(false);
            }
        }

        return scenarios;
    }

    private static async Task<ScenarioResult> RunScenarioAsync(BenchmarkSettings settings, ScenarioDefinition scenario, Uri uri, IPEndPoint target, HttpClient client, int? serverPid, TextWriter output, CancellationToken cancellationToken)
    {
        var sessionHeader = scenario.Session is { } session ? await SessionSignIn.HeaderAsync(scenario.Name, session, client, cancellationToken).ConfigureAwait(false) : (KeyValuePair<string, string>?)null;
        var pool = RequestPoolBuilder.Build(scenario, uri.Authority, sessionHeader);
        var plan = new LoadPlan(target, uri.Authority, pool, settings.Connections, settings.Threads, settings.Pipelining, settings.Duration, settings.Rate, settings.MaxRequests, settings.Timeout);
        var live = settings.Progress && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        await output.WriteLineAsync($"{scenario.Name}: {scenario.Description}").ConfigureAwait(false);

        if (settings.Warmup > TimeSpan.Zero)
        {
            await LoadGenerator.RunAsync(plan with { Duration = settings.Warmup, MaxRequests = null }, TimeProvider.System, live ? Progress(output, scenario.Name, "warm-up") : null, cancellationToken).ConfigureAwait(false);
            if (live)
                await output.WriteAsync("\r\u001b[K").ConfigureAwait(false);
        }

        var rounds = new List<RoundResult>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var cpuBefore = serverPid is { } pid ? ProcessFigures.Cpu(pid) : null;
            var outcome = await LoadGenerator.RunAsync(plan, TimeProvider.System, live ? Progress(output, scenario.Name, $"round {round}/{settings.Rounds}") : null, cancellationToken).ConfigureAwait(false);
            var cpuAfter = serverPid is { } pid2 ? ProcessFigures.Cpu(pid2) : null;
            var memory = serverPid is { } pid3 ? ProcessFigures.Memory(pid3) : null;
            var result = Round(settings, outcome, serverPid, cpuBefore, cpuAfter, memory);
            rounds.Add(result);
            if (live)
                await output.WriteAsync("\r\u001b[K").ConfigureAwait(false);
            await output.WriteLineAsync(
                $"  round {round}/{settings.Rounds}: {ResultsReport.N(result.Throughput)} req/s, p99 {ResultsReport.Ms(result.Latency.P99)} ms, {result.Errors} errors, {result.Timeouts} timeouts, {result.Non2xx} non-2xx")
                .ConfigureAwait(false);
        }

        var (median, outliers) = RoundSelection.Select([.. rounds.Select(r => r.Throughput)]);
        rounds = [.. rounds.Select((r, i) => r with { Outlier = outliers[i] })];
        var chosen = rounds[median];
        return new ScenarioResult
        {
            Name = scenario.Name,
            Description = scenario.Description,
            Mode = settings.Rate is null ? "closed-loop" : "constant-rate",
            Rate = settings.Rate,
            Throughput = chosen.Throughput,
            Latency = chosen.Latency,
            UncorrectedLatency = chosen.UncorrectedLatency,
            WrkLatency = chosen.WrkLatency,
            Requests = chosen.Requests,
            Sent = chosen.Sent,
            Errors = chosen.Errors,
            ErrorsByKind = chosen.ErrorsByKind,
            Timeouts = chosen.Timeouts,
            Non2xx = chosen.Non2xx,
            StatusCodes = chosen.StatusCodes,
            BytesRead = chosen.BytesRead,
            DurationSeconds = chosen.DurationSeconds,
            Generator = chosen.Generator,
            Server = chosen.Server,
            MedianRound = median + 1,
            OutlierRounds = [.. outliers.Select((o, i) => (o, i)).Where(x => x.o).Select(x => x.i + 1)],
            Rounds = rounds,
            Totals = new ScenarioTotals(rounds.Sum(r => r.Requests), rounds.Sum(r => r.Errors), rounds.Sum(r => r.Timeouts), rounds.Sum(r => r.Non2xx)),
        };
    }

    private static RoundResult Round(BenchmarkSettings settings, LoadOutcome outcome, int? serverPid, TimeSpan? cpuBefore, TimeSpan? cpuAfter, (long Rss, long Peak)? memory)
    {
        var stats = outcome.Stats;
        var seconds = outcome.Elapsed.TotalSeconds;
        double PerRequest(TimeSpan cpu) => stats.Responses == 0 ? 0 : Math.Round(cpu.TotalMicroseconds / stats.Responses, 2);
        ServerFigures? server = null;
        if (serverPid is { } pid && cpuBefore is { } before && cpuAfter is { } after)
        {
            server = new ServerFigures(pid, Math.Round((after - before).TotalSeconds, 3), PerRequest(after - before), memory?.Rss ?? 0, memory?.Peak ?? 0);
        }

        var codes = new Dictionary<string, long>();
        for (var code = 0; code < stats.StatusCodes.Length; code++)
        {
            if (stats.StatusCodes[code] > 0)
                codes[code.ToString(CultureInfo.InvariantCulture)] = stats.StatusCodes[code];
        }

        return new RoundResult
        {
            Throughput = seconds > 0 ? Math.Round(stats.Responses / seconds, 1) : 0,
            Latency = LatencySummary.From(stats.Latency),
            UncorrectedLatency = settings.Rate is null ? null : LatencySummary.From(stats.UncorrectedLatency),
            WrkLatency = settings.Rate is null && WrkLatency.ExpectedIntervalMicros(outcome.Elapsed, stats.Responses, settings.Connections) is { } interval
                ? LatencySummary.From(WrkLatency.Correct(stats.Latency, interval))
                : null,
            Requests = stats.Responses,
            Sent = stats.Sent,
            Errors = stats.Errors,
            ErrorsByKind = new ErrorCounts(stats.ConnectErrors, stats.ReadErrors, stats.WriteErrors, stats.ProtocolErrors),
            Timeouts = stats.Timeouts,
            Non2xx = stats.Non2xx,
            StatusCodes = codes,
            BytesRead = stats.BytesRead,
            DurationSeconds = Math.Round(seconds, 3),
            Generator = new GeneratorFigures(Math.Clamp(settings.Threads, 1, settings.Connections), Math.Round(outcome.GeneratorCpu.TotalSeconds, 3), PerRequest(outcome.GeneratorCpu)),
            Server = server,
        };
    }

    private static Action<long, TimeSpan> Progress(TextWriter output, string scenario, string phase)
    {
        long last = 0;
        var lastElapsed = TimeSpan.Zero;
        return (responses, elapsed) =>
        {
            var rate = (responses - last) / Math.Max(0.001, (elapsed - lastElapsed).TotalSeconds);
            (last, lastElapsed) = (responses, elapsed);
            output.Write($"\r\u001b[K{scenario} {phase}: {elapsed.TotalSeconds:0}s, {ResultsReport.N(responses)} responses, {ResultsReport.N(rate)} req/s");
        };
    }

    private static void Validate(BenchmarkSettings settings)
    {
        if (settings.Connections < 1)
            throw new CliException("--connections must be at least 1");
        if (settings.Pipelining < 1)
            throw new CliException("--pipelining must be at least 1");
        if (settings.Rounds < 1)
            throw new CliException("--rounds must be at least 1");
        if (settings.Threads < 1)
            throw new CliException("--threads must be at least 1");
        if (settings.Duration <= TimeSpan.Zero && settings.MaxRequests is null)
            throw new CliException("--duration must be more than 0 seconds");
        if (settings.Warmup < TimeSpan.Zero)
            throw new CliException("--warmup cannot be negative");
        if (settings.Timeout <= TimeSpan.Zero)
            throw new CliException("--timeout must be more than 0 seconds");
        if (settings.Rate is { } rate && (rate <= 0 || double.IsNaN(rate) || double.IsInfinity(rate)))
            throw new CliException("--rate must be a positive number of requests per second");
        if (settings.MaxRequests is < 1)
            throw new CliException("--requests must be at least 1");
        if (settings.ServerPid is not null && settings.Url is null)
            throw new CliException("--server-pid goes with --url (when the tool starts the app it knows the pid)");
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"--url '{url}' is not an http:// URL");
        if (uri.Scheme == Uri.UriSchemeHttps)
            throw new CliException($"--url '{url}': https is not supported by the load generator; load the app over http");
        if (uri.AbsolutePath != "/")
            throw new CliException($"--url '{url}' must be the server's root (scenario paths are added to it)");
        return uri;
    }

    /// <summary>Resolves the URL's host and opens one connection, so a wrong URL fails in one line before any scenario runs.</summary>
    private static async Task<IPEndPoint> ConnectOnceAsync(Uri uri, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new CliException($"cannot resolve {uri.Host}: {ex.Message}");
        }

        var address = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new CliException($"cannot resolve {uri.Host}");
        var endPoint = new IPEndPoint(address, uri.Port);
        using var probe = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await probe.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new CliException($"nothing answers at {uri.GetLeftPart(UriPartial.Authority)}: {Describe(ex.SocketErrorCode)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"nothing answers at {uri.GetLeftPart(UriPartial.Authority)}: no connection within 10 s");
        }

        return endPoint;
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        _ => error.ToString(),
    };
}
