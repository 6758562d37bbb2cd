using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>The README's Deploy section, checked on its topology: what must be shared holds across instances, and restarts lose nothing.</summary>
[Collection(ExampleAppBuilds.Name)]
public sealed class DeployTopologyTests(DeployTopology topology) : IClassFixture<DeployTopology>
{
    private const string Password = "correct horse battery staple";

    /// <summary><c>auth.revocationCacheFor</c>'s default: how long another instance may still accept a revoked session.</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_session_from_one_instance_works_on_all_and_sign_out_everywhere_ends_it_on_all()
    {
        using var client = LoopbackClient.Create(topology.NginxAddress, LoopbackClient.Address(900));
        var token = await SignUpAsync(client, $"everywhere-{Guid.NewGuid():N}@example.com");
        foreach (var instance in topology.InstanceAddresses)
            Assert.Equal(HttpStatusCode.OK, await MeAsync(instance, token));

        // A second session of the same user, from another device; sign-out everywhere from the first.
        using var signIn = await client.PostAsJsonAsync("/_accounts/sign-in", new { email = await EmailOfAsync(token), password = Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var second = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-out-everywhere") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = DateTime.UtcNow;
        using var signOut = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        // Both sessions end on every instance within the bound (judged by when each request was sent, with a margin for a busy machine).
        foreach (var session in new[] { token, second })
        {
            foreach (var instance in topology.InstanceAddresses)
            {
                DateTime lastAccepted = default;
                var ended = false;
                for (var attempt = 0; attempt < 200 && !ended; attempt++)
                {
                    var at = DateTime.UtcNow;
                    ended = await MeAsync(instance, session) == HttpStatusCode.Unauthorized;
                    if (!ended)
                    {
                        lastAccepted = at;
                        await Task.Delay(100);
                    }
                }

                Assert.True(ended, $"{instance} still accepts the session");
                Assert.True(lastAccepted == default || lastAccepted - sent < RevocationBound + TimeSpan.FromSeconds(5), $"{instance} accepted the session {lastAccepted - sent} after sign-out everywhere");
            }
        }
    }

    [Fact]
    public async Task The_live_notes_feed_works_through_nginx_over_sse_and_websocket()
    {
        using var client = LoopbackClient.Create(topology.NginxAddress, LoopbackClient.Address(950));
        client.Timeout = TimeSpan.FromSeconds(60);
        using var feed = await client.GetAsync("/_realtime/sse?channel=notes", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/event-stream", feed.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await feed.Content.ReadAsStreamAsync());
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri($"ws://{topology.NginxAddress.Authority}/_realtime/ws"), timeout.Token);
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes("""{"type":"subscribe","id":"1","channel":"notes"}"""), System.Net.WebSockets.WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[16 * 1024];
        var ack = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"ack\"", System.Text.Encoding.UTF8.GetString(buffer, 0, ack.Count), StringComparison.Ordinal);

        var title = $"live-{Guid.NewGuid():N}";
        using var created = await client.PostAsJsonAsync("/notes", new { title, body = "through nginx" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        string? line;
        do
            line = await reader.ReadLineAsync(timeout.Token);
        while (line is not null && !line.StartsWith("data: ", StringComparison.Ordinal));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains(title, line, StringComparison.Ordinal);
        Assert.Contains(title, System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_is_exact_across_instances_and_each_client_behind_nginx_has_its_own()
    {
        // Sign-up (the accounts module's) allows 10 a minute per client address: 7 clients each get theirs (trustedProxies
        // believes nginx's X-Forwarded-For)...
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(100, 7), async (n, _) =>
        {
            using var client = LoopbackClient.Create(topology.NginxAddress, LoopbackClient.Address(n));
            using var response = await client.PostAsJsonAsync("/_accounts/sign-up", new { email = $"client-{Guid.NewGuid():N}@example.com", password = Password, name = "Client" });
            statuses.Add(response.StatusCode);
        });
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));

        // ...and one client's 24 concurrent attempts, spread over the three instances, get exactly 10.
        using var one = LoopbackClient.Create(topology.NginxAddress, LoopbackClient.Address(120));
        var burst = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            using var response = await one.PostAsJsonAsync("/_accounts/sign-up", new { email = $"burst-{Guid.NewGuid():N}@example.com", password = Password, name = "Burst" });
            return response.StatusCode;
        }));
        Assert.Equal(10, burst.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(14, burst.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_thousand_jobs_enqueued_through_nginx_run_exactly_once_and_the_cron_job_once_per_tick()
    {
        // Each sign-up publishes account-created in its transaction; the example's subscriber (one instance handles each
        // event) makes the users row and enqueues its welcome-user job: 1,000 from 200 clients (5 each, under the limit).
        var marker = Guid.NewGuid().ToString("N");
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            using var client = LoopbackClient.Create(topology.NginxAddress, LoopbackClient.Address(250 + n));
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.PostAsJsonAsync("/_accounts/sign-up", new { email = $"job-{marker}-{n}-{i}@example.com", password = Password, name = "Jobs" });
                if (response.StatusCode != HttpStatusCode.Accepted)
                    failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        });
        Assert.Empty(failures);

        var usersSql = $"from users where email like 'job-{marker}-%'";
        var welcomed = 0L;
        for (var attempt = 0; attempt < 240 && welcomed < 1000; attempt++)
        {
            welcomed = await topology.Database.ScalarAsync<long>($"select count(*) {usersSql} and welcomed_at is not null");
            if (welcomed < 1000)
                await Task.Delay(500);
        }

        Assert.Equal(1000, welcomed);

        // Exactly once: one run per job in the action-run log (flushed every 2 s), none retried.
        var runsSql = $"from bunbase_action_runs where action = 'welcome-user' and (input->>'userId')::bigint in (select id {usersSql})";
        var runs = 0L;
        for (var attempt = 0; attempt < 60 && runs < 1000; attempt++)
        {
            runs = await topology.Database.ScalarAsync<long>($"select count(*) {runsSql}");
            if (runs < 1000)
                await Task.Delay(500);
        }

        Assert.Equal(1000, runs);
        Assert.Equal(1000, await topology.Database.ScalarAsync<long>($"select count(distinct input->>'userId') {runsSql}"));
        Assert.Equal(0, await topology.Database.ScalarAsync<long>($"select count(*) {runsSql} and attempt <> 1"));

        // Cron: every instance catches up the latest quarter-hour tick at start; it ran once.
        var ticks = 0L;
        for (var attempt = 0; attempt < 120 && ticks == 0; attempt++)
        {
            ticks = await topology.Database.ScalarAsync<long>("select count(distinct counted_at) from note_counts");
            if (ticks == 0)
                await Task.Delay(500);
        }

        Assert.True(ticks >= 1);
        Assert.Equal(ticks, await topology.Database.ScalarAsync<long>("select count(*) from note_counts"));
    }

    [Fact]
    public async Task A_rolling_SIGTERM_restart_of_every_instance_under_load_fails_no_request_and_runs_each_POST_once()
    {
        await topology.WaitUntilNginxRoutesToEveryInstanceAsync();
        var load = LoadMix.Start(topology.NginxAddress, loops: 8, limit: TimeSpan.FromMinutes(3));
        try
        {
            await Task.Delay(1000);
            for (var i = 0; i < DeployTopology.InstanceCount; i++)
            {
                Assert.Equal(0, await topology.TerminateAsync(i));
                await topology.RestartAsync(i);
                await topology.WaitUntilNginxRoutesToEveryInstanceAsync();
            }
        }
        finally
        {
            await load.StopAsync();
        }

        Assert.True(load.Posts > 100 && load.Gets > 100, $"too little load: {load.Gets} GETs, {load.Posts} POSTs");
        Assert.True(load.Failures.Count == 0, string.Join("\n", load.Failures.Take(20)) + "\n" + topology.Logs());
        await AssertStoredOnceAsync(load);
    }

    [Fact]
    public async Task Kill_9_of_one_instance_under_load_costs_at_most_the_POSTs_in_flight_on_it()
    {
        const int loops = 8;
        await topology.WaitUntilNginxRoutesToEveryInstanceAsync();
        var load = LoadMix.Start(topology.NginxAddress, loops, limit: TimeSpan.FromMinutes(2));
        try
        {
            await Task.Delay(1500);
            topology.Kill(1);
            await Task.Delay(3000);
            await topology.RestartAsync(1);
            await Task.Delay(500);
        }
        finally
        {
            await load.StopAsync();
        }

        // Each loop has one request in flight at a time, so no more than `loops` were on the killed
        // instance; GETs are retried on the next instance by nginx, a POST that may have run is not.
        Assert.True(load.Failures.Count <= loops, string.Join("\n", load.Failures));
        Assert.All(load.Failures, f => Assert.StartsWith("POST 502", f, StringComparison.Ordinal));
        await AssertStoredOnceAsync(load);
    }

    [Fact]
    public async Task The_health_check_flag_exits_0_for_a_ready_instance_and_1_when_none_answers()
    {
        var ready = await topology.HealthCheckAsync(topology.InstancePorts[2]);
        Assert.True(ready.ExitCode == 0, ready.Output);
        var none = await topology.HealthCheckAsync(ChildProcess.FreePort());
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("/_health/ready", none.Output, StringComparison.Ordinal);
    }

    /// <summary>Every note answered 2xx is stored once; a note whose POST failed may or may not be (it was in flight).</summary>
    private async Task AssertStoredOnceAsync(LoadMix load)
    {
        var stored = 0L;
        var created = load.Created.Count;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            stored = await topology.Database.ScalarAsync<long>($"select count(*) from notes where title like '{load.Prefix}-%'");
            if (stored >= created)
                break;
            await Task.Delay(250);
        }

        Assert.Equal(stored, await topology.Database.ScalarAsync<long>($"select count(distinct title) from notes where title like '{load.Prefix}-%'"));
        Assert.InRange(stored, created, created + load.Failures.Count);
    }

    private static async Task<string> SignUpAsync(HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("/_accounts/sign-up", new { email, password = Password, name = "Everywhere" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var signIn = await client.PostAsJsonAsync("/_accounts/sign-in", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<string> EmailOfAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = topology.NginxAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetFromJsonAsync<JsonElement>("/_accounts/me")).GetProperty("email").GetString()!;
    }

    private static async Task<HttpStatusCode> MeAsync(Uri instance, string token)
    {
        using var client = new HttpClient { BaseAddress = instance, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/_accounts/me");
        return response.StatusCode;
    }
}
