using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary folder, a free loopback port, trust
/// authentication), which the test may stop and start without disturbing any other test. Run as
/// the postgres user when the tests run as root, as PostgreSQL refuses root.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin/";
    private readonly string _directory;
    private readonly int _port;

    private PrivatePostgres(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string Url => $"postgres://postgres@127.0.0.1:{_port}/postgres";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bunbase-pg-").FullName;
        if (Environment.UserName == "root")
            await RunAsync("chown", "postgres:postgres", directory);
        var server = new PrivatePostgres(directory, FreePort());
        await server.AsServerUserAsync(Bin + "initdb", "-D", server.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await server.StartServerAsync();
        return server;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    public Task StopServerAsync() => AsServerUserAsync(Bin + "pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");

    public Task StartServerAsync() => AsServerUserAsync(
        Bin + "pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off", "start");

    /// <summary>
    /// Freezes the server (SIGSTOP to the postmaster and its children): connections stay open and
    /// nothing answers, as a hung machine or a cut network looks to a client. <see cref="ResumeAsync"/> ends it.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>One value read on a connection of its own; default while the server cannot answer (stopped, starting): asked again shortly.</summary>
    public async Task<T?> TryScalarAsync<T>(string sql)
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString(Url));
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return (T?)await command.ExecuteScalarAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
            return default;
        }
    }

    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim();
        await RunAsync("sh", "-c", $"kill {signal} {postmaster} $(pgrep -P {postmaster})");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ResumeAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Not running.
        }

        try
        {
            await AsServerUserAsync(Bin + "pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task AsServerUserAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await output}{await errors}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
