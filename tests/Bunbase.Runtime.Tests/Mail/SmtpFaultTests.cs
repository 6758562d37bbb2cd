using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>
/// Mail to an SMTP server that misbehaves (a scripted one on loopback): each attempt ends within the timeout, a 4xx or
/// a broken conversation is retried (a bounded number of times), a 5xx fails the message at once, and a message the
/// server accepted is sent once, whatever happens after.
/// </summary>
public sealed class SmtpFaultTests
{
    private const string Fast = "\"maxAttempts\": 3"; // the fixture retries after 100-300 ms

    /// <summary>An SMTP server's script: replies by command (MAIL, RCPT, DATA: the reply after the message), and what it does at QUIT.</summary>
    private sealed class SmtpScript
    {
        public string Greeting { get; init; } = "220 test ESMTP ready";
        public bool StartTls { get; init; }
        public Func<int, string, string?> Reply { get; init; } = (_, _) => null;
        public string Quit { get; init; } = "answer";
        public int Accepted;
        public int Data;
    }

    private static ScriptedTcpServer Serve(SmtpScript script) => new(async (stream, connection, stop) =>
    {
        if (script.Greeting == "hang")
        {
            await Task.Delay(Timeout.Infinite, stop);
            return;
        }

        if (script.Greeting == "drip")
        {
            for (var i = 0; i < 1000; i++)
            {
                await ScriptedTcpServer.WriteAsync(stream, i < 4 ? "220"[Math.Min(i, 2)..Math.Min(i + 1, 3)] : "x", stop);
                await Task.Delay(300, stop);
            }

            return;
        }

        await Line(script.Greeting);
        for (var commands = 0; commands < 50; commands++)
        {
            var line = await ScriptedTcpServer.ReadLineAsync(stream, stop);
            if (line is null)
                return;
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Line(script.StartTls ? "250-test\r\n250-STARTTLS\r\n250 8BITMIME" : "250-test\r\n250 8BITMIME");
                    break;
                case "STARTTLS":
                    await Line("220 go ahead");
                    await ScriptedTcpServer.WriteAsync(stream, "this is not a TLS handshake\r\n", stop);
                    stream.Socket.Shutdown(SocketShutdown.Both);
                    return;
                case "DATA":
                    if (script.Reply(connection, "DATA-START") is { } start)
                    {
                        if (start == "drop")
                        {
                            Reset(stream);
                            return;
                        }

                        await Line(start);
                        break;
                    }

                    await Line("354 go ahead");
                    Interlocked.Increment(ref script.Data);
                    for (var i = 0; i < 100_000; i++)
                    {
                        var data = await ScriptedTcpServer.ReadLineAsync(stream, stop);
                        if (data is null or ".")
                            break;
                    }

                    var reply = script.Reply(connection, "DATA") ?? "250 queued";
                    if (reply == "hang")
                    {
                        await Task.Delay(Timeout.Infinite, stop);
                        return;
                    }

                    if (reply.StartsWith('2'))
                        Interlocked.Increment(ref script.Accepted);
                    await Line(reply);
                    break;
                case "QUIT":
                    if (script.Quit == "hang")
                        await Task.Delay(Timeout.Infinite, stop);
                    else if (script.Quit == "reset")
                        Reset(stream);
                    else
                        await Line("221 bye");
                    return;
                default:
                    await Line(script.Reply(connection, verb) ?? "250 OK");
                    break;
            }
        }

        Task Line(string text) => ScriptedTcpServer.WriteAsync(stream, text + "\r\n", stop);
    });

    [Theory]
    [InlineData("hang")]
    [InlineData("reset")]
    public async Task A_message_the_server_accepted_is_sent_once_even_when_quit_fails(string quit)
    {
        var script = new SmtpScript { Quit = quit };
        await using var server = Serve(script);
        await using var app = await MailAppServer.StartAsync(server.Port, mail: Fast, smtpTimeoutMs: 1000);

        var id = await SendAsync(app);

        var status = await SettledAsync(app, id);
        Assert.Equal("sent", status);
        Assert.Equal(1, script.Accepted);
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
    }

    public static TheoryData<string, string, string, int> Replies => new()
    {
        // stage, reply, the final status, the attempts made
        { "MAIL", "550 5.7.1 sender refused", "failed", 1 },
        { "RCPT", "550 5.1.1 no such mailbox", "failed", 1 },
        { "DATA", "554 5.6.0 message refused", "failed", 1 },
        { "DATA-START", "554 5.5.1 no valid recipients", "failed", 1 },
        { "MAIL", "451 4.3.0 try again later", "failed", 3 },
        { "RCPT", "452 4.2.2 mailbox full", "failed", 3 },
        { "DATA", "451 4.3.0 local error", "failed", 3 },
        { "DATA", "hang", "failed", 3 },
        { "DATA-START", "drop", "failed", 3 },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task A_5xx_fails_at_once_and_a_4xx_or_a_broken_conversation_is_retried_a_bounded_number_of_times(string stage, string reply, string final, int attempts)
    {
        var script = new SmtpScript { Reply = (_, verb) => verb == stage ? reply : null };
        await using var server = Serve(script);
        await using var app = await MailAppServer.StartAsync(server.Port, mail: Fast, smtpTimeoutMs: 1000);

        var id = await SendAsync(app);

        Assert.Equal(final, await SettledAsync(app, id));
        Assert.Equal(attempts, await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
        Assert.False(string.IsNullOrEmpty(await app.Database!.ScalarAsync<string>($"select error from bunbase_mail where id = '{id}'")));
        Assert.Equal(0, script.Accepted);
        Assert.Equal(attempts, server.Connections);
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where status <> 'dead'"));
    }

    [Theory]
    [InlineData("hang", false)]
    [InlineData("drip", false)]
    [InlineData("220 test ESMTP ready", true)]
    public async Task A_server_that_hangs_drips_or_fails_starttls_fails_each_attempt_within_the_timeout(string greeting, bool startTls)
    {
        var script = new SmtpScript { Greeting = greeting, StartTls = startTls };
        await using var server = Serve(script);
        await using var app = await MailAppServer.StartAsync(server.Port, mail: Fast, security: startTls ? "auto" : "none", smtpTimeoutMs: 1000);

        var id = await SendAsync(app);

        Assert.Equal("failed", await SettledAsync(app, id));
        Assert.Equal(3L, await app.Database!.ScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
        Assert.Equal(0, script.Data);
    }

    [Theory]
    [InlineData("550 5.1.1 no \u001b]0;owned\u0007such \u001b[2Jmailbox")]
    [InlineData("550 5.1.1 no such\u0000mailbox")]
    public async Task The_error_logged_for_a_refusal_keeps_the_server_s_words_but_not_its_control_characters(string reply)
    {
        var script = new SmtpScript { Reply = (_, verb) => verb == "RCPT" ? reply : null };
        await using var server = Serve(script);
        await using var app = await MailAppServer.StartAsync(server.Port, mail: Fast, smtpTimeoutMs: 1000);

        var id = await SendAsync(app);

        Assert.Equal("failed", await SettledAsync(app, id));
        var error = await app.Database!.ScalarAsync<string>($"select error from bunbase_mail where id = '{id}'");
        Assert.Contains("mailbox", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error!, char.IsControl);
    }

    [Fact]
    public async Task Stopping_the_app_while_the_server_hangs_after_data_is_prompt_and_leaves_the_message_queued_with_its_job_released()
    {
        var script = new SmtpScript { Reply = (_, verb) => verb == "DATA" ? "hang" : null };
        await using var server = Serve(script);
        var app = await MailAppServer.StartAsync(server.Port, smtpTimeoutMs: 120_000);
        try
        {
            var id = await SendAsync(app);
            await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref script.Data) == 1), "the message to be in flight");

            // The attempt would wait two minutes; stopping waits for it only until queue.shutdownTimeoutMs (20 s).
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await app.Server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(45));

            Assert.Equal("queued", await app.Database!.ScalarAsync<string>($"select status from bunbase_mail where id = '{id}'"));
            Assert.Equal("pending", await app.Database!.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'"));
        }
        finally
        {
            await app.Database!.DisposeAsync();
        }
    }

    private static void Reset(NetworkStream stream)
    {
        stream.Socket.LingerState = new LingerOption(true, 0);
        stream.Socket.Close();
    }

    private static async Task<Guid> SendAsync(MailAppServer app)
    {
        using var response = await app.Client.PostAsJsonAsync("/mail", new { to = new[] { "ada@example.com" }, subject = "s", text = "t" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The log's status once it is no longer queued (30 s at most: three attempts of a second or two).</summary>
    private static async Task<string> SettledAsync(MailAppServer app, Guid id)
    {
        string? status = null;
        await Eventually.TrueAsync(
            async () => (status = await app.Database!.ScalarAsync<string>($"select status from bunbase_mail where id = '{id}'")) is not "queued",
            "the message to be settled");
        return status!;
    }
}
