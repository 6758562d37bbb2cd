using System.Diagnostics;
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
    private const int SigInt = 2;
    private const int SigTerm = 15;

    public static async Task<int> RunAsync(AppProject app, RunMode mode, params string[] appArguments)
    {
        var targetPath = await BuildAsync(app, mode).ConfigureAwait(false);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = app.Directory, UseShellExecute = false };
        start.ArgumentList.Add(targetPath);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(app.ConfigPath);
        foreach (var argument in appArguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = mode.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = mode.ToString();

        using var child = Process.Start(start) ?? throw new CliException("could not start dotnet");
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, SigTerm));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, child, SigInt));
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>Builds the project and returns the path of its assembly.</summary>
    internal static async Task<string> BuildAsync(AppProject app, RunMode mode)
    {
        var configuration = mode == RunMode.Development ? "Debug" : "Release";
        // Build output goes to stderr only on failure: stdout may carry a document (bunbase openapi).
        var build = await DotnetAsync(["build", app.ProjectPath, "-c", configuration, "-nologo", "-v", "quiet", "-clp:NoSummary"], capture: true).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync(build.Output).ConfigureAwait(false);
            throw new CliException($"build of {app.ProjectPath} failed");
        }

        var targetPath = (await DotnetAsync(["msbuild", app.ProjectPath, "-nologo", "-getProperty:TargetPath", $"-p:Configuration={configuration}"], capture: true).ConfigureAwait(false)).Output.Trim();
        if (!File.Exists(targetPath))
            throw new CliException($"built {app.ProjectPath} but found no assembly at '{targetPath}'");
        return targetPath;
    }

    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        // Keep the tool alive until the app has drained and exited.
        context.Cancel = true;
        if (!child.HasExited)
            _ = Kill(child.Id, signal);
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(IEnumerable<string> arguments, bool capture)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = capture };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new CliException("could not start dotnet");
        var output = capture ? await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) : "";
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, output);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
