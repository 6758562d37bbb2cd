using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Bunbase.Runtime.Data.Migrations;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// The app, built in Release and started by the tool for a benchmark: migrations applied first (as
/// <c>bunbase dev</c> does, so seeded rows exist), Production environment, a free loopback port,
/// stopped with SIGTERM at the end.
/// </summary>
internal sealed partial class AppServer : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process process;
    private readonly Queue<string> lastLines = new();

    private AppServer(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => process.Id;

    public static async Task<AppServer> StartAsync(string? configPath, TextWriter output, CancellationToken cancellationToken)
    {
        var app = AppProject.Find(configPath);
        await output.WriteLineAsync($"building {Path.GetFileName(app.ProjectPath)} (Release)...").ConfigureAwait(false);
        var targetPath = await AppRunner.BuildAsync(app, RunMode.Production, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"the build of {Path.GetFileName(app.ProjectPath)} failed (its errors are above)", ExitCodes.Failed);
        try
        {
            await MigrateCommand.ApplyAsync(Migrator.For(MigrateCommand.LoadOptions(app.ConfigPath), app.Directory), dryRun: false).ConfigureAwait(false);
        }
        catch (MigrationException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failed);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = app.Directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(targetPath);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(app.ConfigPath);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BUNBASE__HOST"] = "127.0.0.1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Production refuses to start guarded actions without a secret: a throwaway one unless the environment gives one.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BUNBASE__AUTH__SESSIONSECRET")))
            start.Environment["BUNBASE__AUTH__SESSIONSECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

        var process = Process.Start(start) ?? throw new CliException("could not start dotnet");
        var server = new AppServer(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilLiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await output.WriteLineAsync($"started the app at {server.Url} (pid {server.Pid})").ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private async Task WaitUntilLiveAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new CliException($"the app exited with code {process.ExitCode} before answering{LastLine()}");
            try
            {
                using var response = await client.GetAsync(new Uri($"{Url}/_health/live"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTimeOffset.UtcNow > deadline)
                throw new CliException($"the app did not answer {Url}/_health/live within 60 s{LastLine()}");
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Remember(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > 20)
                lastLines.Dequeue();
        }
    }

    private string LastLine()
    {
        lock (lastLines)
            return lastLines.Count == 0 ? "" : $": {lastLines.Last()}";
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
