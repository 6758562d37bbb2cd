using System.Diagnostics;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>Runs the independent checkers in tests/openapi-tools (installed by ./test.sh with npm ci).</summary>
public static class NodeTools
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "openapi-tools");

    /// <summary>Runs <c>node SCRIPT ARGS</c>; returns the exit code and everything printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments) =>
        RunAsync(TimeSpan.FromSeconds(60), script, arguments);

    /// <summary>Runs <c>node SCRIPT ARGS</c>, killed after <paramref name="timeout"/>; returns the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string script, params string[] arguments)
    {
        if (!File.Exists(Path.Combine(Directory, "node_modules", ".package-lock.json")))
            throw new InvalidOperationException($"{Directory} has no node_modules: run ./test.sh (it runs npm ci there).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await output + await error);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runtime.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Stops a Node tool started by a test: closing its standard input asks it to end; after 5 s it is killed.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}
