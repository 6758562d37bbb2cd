using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>
/// A user on a fresh machine with only the .NET SDK: a temporary HOME (own NuGet configuration,
/// tools and templates), a private NuGet packages folder, a working folder outside the repository,
/// and none of the test run's service variables. Everything is deleted on dispose.
/// </summary>
public sealed class FreshUser : IDisposable
{
    private static readonly string[] Inherited = ["PATH", "LANG", "TMPDIR", "DOTNET_ROOT"];

    public FreshUser()
    {
        Root = Directory.CreateTempSubdirectory("bunbase-e2e-").FullName;
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Work = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        Environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["DOTNET_CLI_HOME"] = Home,
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetPath)!,
        };
        foreach (var name in Inherited.Where(n => n != "DOTNET_ROOT"))
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
                Environment[name] = value;
        }

        // The package source a user would add (dotnet nuget add source): the feed, then nuget.org for the dependencies.
        var config = Directory.CreateDirectory(Path.Combine(Home, ".nuget", "NuGet")).FullName;
        File.WriteAllText(Path.Combine(config, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="bunbase" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
    }

    public string Root { get; }

    public string Home { get; }

    public string Feed { get; }

    public string Work { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>The installed tool (dotnet tool install -g puts it in ~/.dotnet/tools).</summary>
    public string Bunbase => Path.Combine(Home, ".dotnet", "tools", "bunbase");

    public static string DotnetPath { get; } = ResolveDotnet();

    /// <summary>Runs a program to its end (bounded) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string program, string directory, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(program, directory, null, arguments);
        return await process.FinishAsync(timeout);
    }

    public Task<(int ExitCode, string Output)> DotnetAsync(string directory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(DotnetPath, directory, timeout, arguments);

    public UserProcess Start(string program, string directory, IReadOnlyDictionary<string, string>? extra, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new UserProcess(Process.Start(start)!);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is in the temp directory anyway.
        }
    }

    private static string ResolveDotnet()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } host && File.Exists(host))
            return Path.GetFullPath(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host);
        foreach (var folder in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(folder, "dotnet");
            if (File.Exists(candidate))
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
        }

        throw new InvalidOperationException("dotnet not found on PATH");
    }
}

/// <summary>A process of the fresh user: output captured, killed with its children on dispose.</summary>
public sealed class UserProcess(Process process) : IDisposable
{
    private readonly StringBuilder _output = Capture(process);

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    public async Task<(int ExitCode, string Output)> FinishAsync(TimeSpan timeout)
    {
        Assert.True(await WaitForExitAsync(timeout), $"still running after {timeout}: {Output}");
        return (process.ExitCode, Output);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            process.WaitForExit(); // the output is complete
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static StringBuilder Capture(Process process)
    {
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }
}
