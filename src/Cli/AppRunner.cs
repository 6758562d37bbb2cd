using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Bunbase.Cli;

internal enum RunMode
{
    Development,
    Production,
}

/// <summary>
/// Builds the application project, then runs its assembly as a child process in the config
/// file's folder. SIGTERM and SIGINT sent to the tool are passed on, so the app drains in-flight
/// requests before the tool exits with the app's exit code.
/// </summary>
internal static partial class AppRunner
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static async Task<int> RunAsync(AppProject app, RunMode mode, params string[] appArguments)
    {
        var targetPath = await BuildAsync(app, mode).ConfigureAwait(false) ?? throw new CliException($"build of {app.ProjectPath} failed", ExitCodes.Failed);
        using var child = Start(app, targetPath, mode, appArguments);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, SigTerm));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, child, SigInt));
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>Starts the built app: <c>dotnet TARGET --config CONFIG ...</c> in the configuration's folder.</summary>
    public static Process Start(AppProject app, string targetPath, RunMode mode, params string[] appArguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = app.Directory, UseShellExecute = false };
        start.ArgumentList.Add(targetPath);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(app.ConfigPath);
        foreach (var argument in appArguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = mode.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = mode.ToString();
        return Process.Start(start) ?? throw new CliException("could not start dotnet", ExitCodes.Failed);
    }

    /// <summary>
    /// Builds the project and returns the path of its assembly, or null when the build failed (its
    /// errors are printed). Says what it is doing on standard error while it builds: a first build
    /// restores packages and can take a minute. Without <paramref name="dependencies"/> only the app's
    /// own project is built (<c>dev</c>'s rebuilds: it watches the app's folder alone, and checking every
    /// referenced project again costs about a second each time).
    /// </summary>
    public static async Task<string?> BuildAsync(AppProject app, RunMode mode, bool restore = true, CancellationToken cancellationToken = default, bool dependencies = true)
    {
        var configuration = mode == RunMode.Development ? "Debug" : "Release";
        var name = Path.GetFileName(app.ProjectPath);
        var first = !Directory.Exists(Path.Combine(Path.GetDirectoryName(app.ProjectPath)!, "obj"));
        await Console.Error.WriteLineAsync($"bunbase: building {name} ({configuration}){(first ? "; the first build restores packages and can take a minute" : "")}").ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        using var progress = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(started, progress.Token);

        // Build output goes to stderr only on failure: stdout may carry a document (bunbase openapi).
        string[] arguments = ["build", app.ProjectPath, "-c", configuration, "-nologo", "-v", "quiet", "-clp:NoSummary", "-p:GenerateFullPaths=true", .. restore ? Array.Empty<string>() : ["--no-restore"], .. dependencies ? Array.Empty<string>() : ["--no-dependencies"]];
        (int ExitCode, string Output) build;
        try
        {
            build = await DotnetAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await progress.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        if (build.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync(build.Output.Trim()).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"bunbase: build of {name} failed").ConfigureAwait(false);
            return null;
        }

        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bunbase: built in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s")).ConfigureAwait(false);
        return await TargetPathAsync(app, configuration, cancellationToken).ConfigureAwait(false);
    }

    private static readonly Dictionary<string, string> TargetPaths = [];

    private static async Task<string> TargetPathAsync(AppProject app, string configuration, CancellationToken cancellationToken)
    {
        var key = app.ProjectPath + "|" + configuration + "|" + File.GetLastWriteTimeUtc(app.ProjectPath).Ticks;
        if (TargetPaths.TryGetValue(key, out var known) && File.Exists(known))
            return known;
        var targetPath = (await DotnetAsync(["msbuild", app.ProjectPath, "-nologo", "-getProperty:TargetPath", $"-p:Configuration={configuration}"], cancellationToken).ConfigureAwait(false)).Output.Trim();
        if (!File.Exists(targetPath))
            throw new CliException($"built {app.ProjectPath} but found no assembly at '{targetPath}'", ExitCodes.Failed);
        TargetPaths[key] = targetPath;
        return targetPath;
    }

    private static async Task HeartbeatAsync(long started, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bunbase: still building ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)")).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sends a signal to a process (SIGTERM: drain and stop).</summary>
    public static void Signal(Process process, int signal)
    {
        if (!process.HasExited)
            _ = Kill(process.Id, signal);
    }

    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        // Keep the tool alive until the app has drained and exited.
        context.Cancel = true;
        Signal(child, signal);
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new CliException("could not start dotnet", ExitCodes.Failed);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, output);
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C in bunbase dev): the build goes too.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
