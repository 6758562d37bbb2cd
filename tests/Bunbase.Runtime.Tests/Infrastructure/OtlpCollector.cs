using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// An OTLP receiver on loopback, as a collector would be: OTLP/HTTP (<c>POST /v1/traces</c>,
/// <c>/v1/logs</c>) on one port, OTLP/gRPC on another (cleartext HTTP/2 needs a port of its own:
/// without TLS there is nothing to negotiate the protocol with). It keeps each request's protobuf
/// body and reads spans and log records from it.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();
    private readonly ConcurrentQueue<string> _apiKeys = new();
    private volatile TaskCompletionSource? _hold;
    private WebApplication _http = null!;
    private WebApplication _grpc = null!;

    /// <summary>The OTLP/HTTP base URL.</summary>
    public Uri Address => new(_http.Urls.First());

    /// <summary>The OTLP/gRPC URL.</summary>
    public Uri GrpcAddress => new(_grpc.Urls.First());

    /// <summary>The <c>x-api-key</c> header of every request received.</summary>
    public IReadOnlyCollection<string> ApiKeys => _apiKeys;

    public static async Task<OtlpCollector> StartAsync()
    {
        var collector = new OtlpCollector();
        collector._http = await ListenAsync(HttpProtocols.Http1, app =>
        {
            app.MapPost("/v1/traces", collector.ReceiveHttpAsync);
            app.MapPost("/v1/logs", collector.ReceiveHttpAsync);
        });
        collector._grpc = await ListenAsync(HttpProtocols.Http2, app =>
            app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", collector.ReceiveGrpcAsync));
        return collector;
    }

    /// <summary>From now until <see cref="Release"/>, each OTLP/HTTP export is kept but not answered: a collector slow to answer.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold?.TrySetResult();

    /// <summary>The spans received so far: trace id, span id, parent span id and name.</summary>
    public IReadOnlyList<OtlpSpan> Spans() =>
        [.. Bodies("/v1/traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export").SelectMany(body =>
            from resource in Protobuf.Field(body, 1)
            let service = ServiceName(resource)
            from span in Protobuf.Path(resource, 2, 2)
            select new OtlpSpan(
                Protobuf.Hex(Protobuf.Field(span, 1).Single()),
                Protobuf.Hex(Protobuf.Field(span, 2).Single()),
                Protobuf.Field(span, 4).Select(Protobuf.Hex).SingleOrDefault() ?? "",
                Protobuf.Text(Protobuf.Field(span, 5).Single()),
                service))];

    /// <summary>The log records received so far: trace id and body text.</summary>
    public IReadOnlyList<OtlpLog> Logs() =>
        [.. Bodies("/v1/logs").SelectMany(body =>
            from record in Protobuf.Path(body, 1, 2, 2)
            select new OtlpLog(
                Protobuf.Field(record, 9).Select(Protobuf.Hex).SingleOrDefault() ?? "",
                Protobuf.Field(record, 5).SelectMany(v => Protobuf.Field(v, 1)).Select(Protobuf.Text).SingleOrDefault() ?? ""))];

    public async ValueTask DisposeAsync()
    {
        Release();
        foreach (var app in new[] { _http, _grpc })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<WebApplication> ListenAsync(HttpProtocols protocols, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = protocols));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static string ServiceName(ReadOnlyMemory<byte> resourceSpans) =>
        (from attribute in Protobuf.Path(resourceSpans, 1, 1)
         where Protobuf.Text(Protobuf.Field(attribute, 1).Single()) == "service.name"
         select Protobuf.Text(Protobuf.Path(attribute, 2, 1).Single())).SingleOrDefault() ?? "";

    private IEnumerable<ReadOnlyMemory<byte>> Bodies(params string[] paths) =>
        _requests.Where(r => paths.Contains(r.Path)).Select(r => (ReadOnlyMemory<byte>)r.Body);

    private async Task ReceiveHttpAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        _requests.Enqueue((http.Request.Path, body.ToArray()));
        _apiKeys.Enqueue(http.Request.Headers["x-api-key"].ToString());
        if (_hold is { } hold)
            await hold.Task;
        http.Response.ContentType = "application/x-protobuf";
    }

    /// <summary>One unary gRPC call: a 5-byte frame header (compressed flag, length), the message; answered with an empty message and grpc-status 0.</summary>
    private async Task ReceiveGrpcAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        Assert.Equal(0, frame[0]);
        _requests.Enqueue((http.Request.Path, frame[5..]));
        http.Response.ContentType = "application/grpc";
        await http.Response.Body.WriteAsync(new byte[5]);
        http.Response.AppendTrailer("grpc-status", "0");
    }
}

public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Service);

public sealed record OtlpLog(string TraceId, string Body);
