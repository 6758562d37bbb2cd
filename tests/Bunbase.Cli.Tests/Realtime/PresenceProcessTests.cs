using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bunbase.Cli.Tests.Realtime;

/// <summary>
/// Presence across two real app processes sharing a backplane: when one is killed with SIGKILL (no leave
/// is ever sent), its members expire and the survivor announces their leave, within the bound the README
/// states (realtime.presenceTtlMs plus a third of it, plus one maintenance tick).
/// </summary>
public sealed class PresenceProcessTests : IAsyncLifetime
{
    private const int PresenceTtlMs = 1_500;
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-presence-").FullName;
    private ScratchDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public Task On_redis_a_killed_instances_members_expire_within_the_bound() =>
        KilledInstanceConvergesAsync(new() { ["REDIS_URL"] = Environment.GetEnvironmentVariable("BUNBASE_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379" });

    [Fact]
    public async Task On_postgresql_a_killed_instances_members_expire_within_the_bound()
    {
        _database = await ScratchDatabase.CreateAsync();
        await KilledInstanceConvergesAsync(new() { ["DATABASE_URL"] = _database.Url });
    }

    private async Task KilledInstanceConvergesAsync(Dictionary<string, string> backend)
    {
        var name = $"presence-{Guid.NewGuid():N}";
        var (doomed, doomedUrl) = await StartAsync(name, backend);
        var (survivor, survivorUrl) = await StartAsync(name, backend);
        using (doomed)
        using (survivor)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var channel = $"chat:{Guid.NewGuid():N}";
            using var alice = await SubscribeAsync(doomedUrl, await TokenAsync(http, doomedUrl, "alice"), channel);
            using var bob = await SubscribeAsync(survivorUrl, await TokenAsync(http, survivorUrl, "bob"), channel);
            Assert.Equal(2, await CountAsync(http, survivorUrl, channel));

            doomed.Kill();
            var killed = Stopwatch.StartNew();
            var leave = await NextLeaveAsync(bob);
            var converged = killed.Elapsed;

            Assert.Equal("alice", leave.GetProperty("data").GetProperty("userId").GetString());
            Assert.Equal(1, await CountAsync(http, survivorUrl, channel));
            // The README's bound is presenceTtlMs * 4/3 plus a tick; generous room for a loaded machine.
            Assert.True(converged < TimeSpan.FromMilliseconds(PresenceTtlMs * 4.0 / 3 + PresenceTtlMs / 3.0) * 5, $"converged after {converged}");
        }
    }

    private async Task<(ChildProcess Process, Uri Url)> StartAsync(string name, Dictionary<string, string> backend)
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_directory, $"config-{port.ToString(CultureInfo.InvariantCulture)}.json");
        await File.WriteAllTextAsync(config, $$"""
            { "name": "{{name}}", "host": "127.0.0.1", "port": {{port}},
              "realtime": { "presenceTtlMs": {{PresenceTtlMs}}, "heartbeatMs": 500 } }
            """);
        var environment = new Dictionary<string, string>(backend) { ["BUNBASE__AUTH__SESSIONSECRET"] = RepositoryPaths.SessionSecret };
        var process = ChildProcess.Start(_directory, environment, Path.Combine(AppContext.BaseDirectory, "Bunbase.TestApp.dll"), "--config", config);
        var url = new Uri($"http://127.0.0.1:{port}");
        if (!await process.WaitUntilServingAsync(new Uri(url, "/_health/live"), TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("the app did not start: " + process.Output);
        return (process, url);
    }

    private static async Task<string> TokenAsync(HttpClient http, Uri server, string user)
    {
        using var response = await http.PostAsJsonAsync(new Uri(server, "/auth/session"), new { userId = user });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<int> CountAsync(HttpClient http, Uri server, string channel)
    {
        using var response = await http.GetAsync(new Uri(server, "/realtime/members?channel=" + channel));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32();
    }

    private static async Task<ClientWebSocket> SubscribeAsync(Uri server, string token, string channel)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}/_realtime/ws"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "subscribe", id = "s", channel })), WebSocketMessageType.Text, true, timeout.Token);
        for (var i = 0; i < 100; i++)
        {
            if ((await ReceiveAsync(socket)).GetProperty("type").GetString() == "ack")
                return socket;
        }

        throw new InvalidOperationException("no ack");
    }

    private static async Task<JsonElement> NextLeaveAsync(ClientWebSocket socket)
    {
        for (var i = 0; i < 100; i++)
        {
            var message = await ReceiveAsync(socket, seconds: 60);
            if (message.TryGetProperty("event", out var name) && name.GetString() == "presence.leave")
                return message;
        }

        throw new InvalidOperationException("no leave");
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
        }
    }
}
