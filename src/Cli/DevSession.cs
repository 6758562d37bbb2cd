using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Bunbase.Runtime.Data.Migrations;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase dev</c>: applies pending migrations, builds the app and runs it; then, watching the
/// project folder, stops the app on every change to a .cs, .csproj, .props, .targets or .sql file or
/// the configuration, applies new migrations, rebuilds (incrementally, without a restore unless a project
/// file changed) and starts it again. A rebuild and restart was measured against <c>dotnet watch</c>'s
/// hot reload: it serves an edit within a few seconds, and it is the only way a new action, a changed
/// attribute or a migration reaches the app (actions are discovered once, at start).
/// </summary>
internal sealed class DevSession(AppProject app, bool watch)
{
    private static readonly string[] WatchedExtensions = [".cs", ".csproj", ".props", ".targets", ".sql"];
    private static readonly string[] IgnoredFolders = ["bin", "obj", ".bunbase", ".git", "node_modules", "tests", "TestResults"];

    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();

    public async Task<int> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        var signal = AppRunner.SigInt;
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, AppRunner.SigTerm));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, AppRunner.SigInt));
        var watchers = watch ? Watch() : [];
        try
        {
            var migrate = true;
            var restore = true;
            var dependencies = true;
            while (true)
            {
                Process? child = null;
                if (!migrate || await MigrateAsync().ConfigureAwait(false))
                {
                    string? target;
                    try
                    {
                        target = await AppRunner.BuildAsync(app, RunMode.Development, restore, stop.Token, dependencies).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        await Console.Error.WriteLineAsync("bunbase: stopped during the build").ConfigureAwait(false);
                        return ExitCodes.Success;
                    }

                    if (target is not null)
                    {
                        restore = false;
                        dependencies = false;
                        child = AppRunner.Start(app, target, RunMode.Development);
                        if (watch)
                            await Console.Error.WriteLineAsync($"bunbase: started; watching {Relative(ProjectFolder)} for changes (Ctrl+C stops)").ConfigureAwait(false);
                    }
                    else if (!watch)
                    {
                        return ExitCodes.Failed;
                    }
                }
                else if (!watch)
                {
                    return ExitCodes.Usage;
                }

                using (child)
                {
                    var exited = child?.WaitForExitAsync(CancellationToken.None) ?? Task.Delay(Timeout.Infinite, stop.Token);
                    var changed = watch ? _changes.Reader.WaitToReadAsync(stop.Token).AsTask() : Task.Delay(Timeout.Infinite, stop.Token);
                    var stopped = Task.Delay(Timeout.Infinite, stop.Token);
                    var first = await Task.WhenAny(exited, changed, stopped).ConfigureAwait(false);
                    if (stop.IsCancellationRequested)
                        return await StopAsync(child, signal, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
                    if (first == exited && child is not null)
                    {
                        if (!watch)
                            return child.ExitCode;
                        await Console.Error.WriteLineAsync($"bunbase: the app exited with code {child.ExitCode}; waiting for a change").ConfigureAwait(false);
                        if (!await WaitForChangeAsync(stop.Token).ConfigureAwait(false))
                            return ExitCodes.Success;
                    }

                    // Editors write a file in several steps: take the burst as one change.
                    await Task.Delay(TimeSpan.FromMilliseconds(150), CancellationToken.None).ConfigureAwait(false);
                    var paths = Drain();
                    migrate = paths.Any(p => p.EndsWith(".sql", StringComparison.OrdinalIgnoreCase));
                    restore |= paths.Any(p => !p.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !p.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && !p.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
                    dependencies |= restore; // a project file may have changed its references
                    await Console.Error.WriteLineAsync($"bunbase: {Describe(paths)} changed; restarting").ConfigureAwait(false);
                    await StopAsync(child, AppRunner.SigTerm, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var watcher in watchers)
                watcher.Dispose();
        }

        void Stop(PosixSignalContext context, int received)
        {
            // The app gets the signal from here, once the loop sees it: keep the tool alive until then.
            context.Cancel = true;
            signal = received;
            stop.Cancel();
        }
    }

    private string ProjectFolder => Path.GetDirectoryName(app.ProjectPath)!;

    private async Task<bool> MigrateAsync()
    {
        try
        {
            await MigrateCommand.ApplyAsync(Migrator.For(MigrateCommand.LoadOptions(app.ConfigPath), app.Directory), dryRun: false).ConfigureAwait(false);
            return true;
        }
        catch (MigrationException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> WaitForChangeAsync(CancellationToken stop)
    {
        try
        {
            return await _changes.Reader.WaitToReadAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (or the signal the tool got), then a kill if the app has not drained in time.</summary>
    private static async Task<int> StopAsync(Process? child, int signal, TimeSpan patience)
    {
        if (child is null || child.HasExited)
            return child?.ExitCode ?? ExitCodes.Success;
        AppRunner.Signal(child, signal);
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return child.ExitCode;
    }

    private List<FileSystemWatcher> Watch()
    {
        var folders = new[] { ProjectFolder, Migrator.For(MigrateCommand.LoadOptions(app.ConfigPath), app.Directory).Directory };
        var watchers = new List<FileSystemWatcher>();
        foreach (var folder in folders.Distinct().Where(Directory.Exists))
        {
            if (watchers.Any(w => IsUnder(folder, w.Path)))
                continue;
            watchers.Add(Watcher(folder, "*", includeSubdirectories: true));
        }

        if (!watchers.Any(w => IsUnder(app.ConfigPath, w.Path)))
            watchers.Add(Watcher(app.Directory, Path.GetFileName(app.ConfigPath), includeSubdirectories: false));
        return watchers;
    }

    private FileSystemWatcher Watcher(string folder, string filter, bool includeSubdirectories)
    {
        var watcher = new FileSystemWatcher(folder, filter)
        {
            IncludeSubdirectories = includeSubdirectories,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        watcher.Changed += (_, e) => Changed(e.FullPath);
        watcher.Created += (_, e) => Changed(e.FullPath);
        watcher.Deleted += (_, e) => Changed(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            Changed(e.OldFullPath);
            Changed(e.FullPath);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Changed(string path)
    {
        if (path == app.ConfigPath || (WatchedExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) && !InIgnoredFolder(path)))
            _changes.Writer.TryWrite(path);
    }

    private bool InIgnoredFolder(string path)
    {
        var root = IsUnder(path, ProjectFolder) ? ProjectFolder : app.Directory;
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative.Split('/').SkipLast(1).Any(part => IgnoredFolders.Contains(part, StringComparer.OrdinalIgnoreCase));
    }

    private List<string> Drain()
    {
        var paths = new List<string>();
        while (_changes.Reader.TryRead(out var path))
        {
            if (!paths.Contains(path))
                paths.Add(path);
        }

        return paths;
    }

    private static bool IsUnder(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(folder).TrimEnd('/') + "/", StringComparison.Ordinal) || Path.GetFullPath(path) == Path.GetFullPath(folder);

    private static string Describe(List<string> paths) =>
        paths.Count switch
        {
            0 => "a file",
            1 => Relative(paths[0]),
            _ => $"{Relative(paths[0])} and {paths.Count - 1} other file(s)",
        };

    private static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
