using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>A real Kestrel server on loopback that records every delivery and answers 500 to the first <c>failFirst</c> of them (or to all).</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private TestReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public int FailFirst { get; set; }

    public bool FailAll { get; set; }

    public static async Task<TestReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TestReceiver(app) { FailFirst = failFirst };
        app.MapPost("/hook", async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(
                http.Request.Headers["webhook-id"].ToString(),
                http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(),
                body));
            var n = Interlocked.Increment(ref receiver._count);
            http.Response.StatusCode = receiver.FailAll || n <= receiver.FailFirst ? 500 : 200;
            await http.Response.WriteAsync(new string('x', 5000));
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Id, string Timestamp, string Signature, string Body);
}
