using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>The delivery job when its database (a server of the test's own) goes away while an attempt is being recorded.</summary>
public sealed class DeliveryDatabaseOutageTests
{
    [Fact]
    public async Task A_delivery_answered_while_the_database_is_down_is_recorded_delivered_once_it_is_back_and_not_sent_again()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = 0;
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            for (var i = 0; i < 10; i++)
            {
                await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
                Interlocked.Increment(ref requests);
                received.TrySetResult();
                await answer.Task.WaitAsync(stop); // answered once the database is down
                await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", stop);
            }
        });
        await using var app = await WebhooksAppServer.StartAsync(
            "\"allowPrivateAddresses\": true, \"timeoutMs\": 20000, \"maxAttempts\": 3, \"backoffMs\": 50, \"maxBackoffMs\": 100",
            databaseUrl: postgres.Url);
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync($"http://127.0.0.1:{receiver.Port}/hook", [], null, CancellationToken.None);

        using var response = await app.Client.PostAsJsonAsync("/send", new { type = "note.created", text = "hello" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await postgres.StopServerAsync();
        answer.TrySetResult();
        await Task.Delay(1000); // the attempt's outcome meets the stopped server
        await postgres.StartServerAsync();

        await Eventually.TrueAsync(
            async () => await postgres.TryScalarAsync<string>($"select status from bunbase_webhook_deliveries where endpoint_id = '{endpoint.Id}'") == "delivered",
            "the delivery to be recorded delivered",
            seconds: 45);
        Assert.Equal(1, requests);
        Assert.Equal(1L, await postgres.TryScalarAsync<long>($"select count(*) from bunbase_webhook_attempts a join bunbase_webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = '{endpoint.Id}'"));
    }
}
