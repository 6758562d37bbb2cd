using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>The mail job when its database (a server of the test's own) goes away while an attempt's outcome is being recorded.</summary>
public sealed class MailDatabaseOutageTests
{
    [Fact]
    public async Task A_message_sent_while_the_database_is_down_is_logged_sent_once_it_is_back_and_not_sent_again()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = 0;
        await using var server = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await Line("220 test ESMTP ready");
            for (var commands = 0; commands < 50; commands++)
            {
                var line = await ScriptedTcpServer.ReadLineAsync(stream, stop);
                var verb = line?.Split(' ', ':')[0].ToUpperInvariant();
                if (verb is null or "QUIT")
                {
                    await Line("221 bye");
                    return;
                }

                if (verb != "DATA")
                {
                    await Line(verb == "EHLO" ? "250-test\r\n250 8BITMIME" : "250 OK");
                    continue;
                }

                await Line("354 go ahead");
                for (var i = 0; i < 100_000 && await ScriptedTcpServer.ReadLineAsync(stream, stop) is not (null or "."); i++)
                {
                }

                Interlocked.Increment(ref messages);
                taken.TrySetResult();
                await answer.Task.WaitAsync(stop); // the message is taken once the database is down
                await Line("250 queued");
            }

            Task Line(string text) => ScriptedTcpServer.WriteAsync(stream, text + "\r\n", stop);
        });
        await using var app = await MailAppServer.StartAsync(server.Port, mail: "\"maxAttempts\": 3", databaseUrl: postgres.Url);

        using var response = await app.Client.PostAsJsonAsync("/mail", new { to = new[] { "ada@example.com" }, subject = "s", text = "t" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        await taken.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await postgres.StopServerAsync();
        answer.TrySetResult();
        await Task.Delay(1000); // the outcome meets the stopped server
        await postgres.StartServerAsync();

        await Eventually.TrueAsync(async () => await postgres.TryScalarAsync<string>($"select status from bunbase_mail where id = '{id}'") == "sent", "the log to say sent", seconds: 45);
        Assert.Equal(1, messages);
        Assert.Equal(1L, await postgres.TryScalarAsync<long>($"select cast(attempts as bigint) from bunbase_mail where id = '{id}'"));
    }
}
