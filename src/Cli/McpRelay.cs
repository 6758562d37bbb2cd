using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Bunbase.Cli;

/// <summary>
/// Relays JSON-RPC between stdin/stdout and the app's streamable HTTP endpoint (the SDK's HTTP client
/// transport), message by message, both ways. Requests are sent concurrently, so a long tool call does
/// not hold up a cancellation or the next call; a request the app cannot be reached for is answered with
/// a JSON-RPC error, never left waiting. Ends when stdin closes (after the answers to what was sent) or
/// the app's side does. The SDK's stream transport reads stdin; the relay writes stdout itself, one
/// message a line, because that transport stops writing once its input has ended, and a client that
/// pipes its requests in (<c>echo '…' | bunbase mcp</c>) closes stdin before the answers come.
/// </summary>
internal static class McpRelay
{
    private const int InternalError = -32603;

    public static async Task<int> RunAsync(Uri endpoint, string? token, TextWriter log, CancellationToken cancellationToken)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            Name = "bunbase",
            TransportMode = HttpTransportMode.StreamableHttp,
            EnableStandaloneGetStream = false,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        };
        await using var http = new HttpClientTransport(options);
        await using var upstream = await http.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var stdio = new StreamServerTransport(Console.OpenStandardInput(), Stream.Null, "bunbase");
        var stdout = new StdoutWriter(Console.OpenStandardOutput());
        await log.WriteLineAsync($"bunbase mcp: relaying stdio to {endpoint}{(token is null ? " (anonymous)" : "")}").ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var down = PumpDownAsync(upstream, stdout, stop.Token);
        var pending = new ConcurrentDictionary<Task, byte>();
        try
        {
            await foreach (var message in stdio.MessageReader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var send = SendAsync(upstream, stdout, message, log, stop.Token);
                pending.TryAdd(send, 0);
                _ = send.ContinueWith(t => pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            // stdin closed: the client is done; answer what it sent, then let the answers out.
            await Task.WhenAll(pending.Keys).ConfigureAwait(false);
            await upstream.DisposeAsync().ConfigureAwait(false);
            await down.WaitAsync(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Everything the app sends (answers, notifications) goes to stdout.</summary>
    private static async Task PumpDownAsync(ITransport upstream, StdoutWriter stdout, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in upstream.MessageReader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await stdout.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientTransportClosedException)
        {
            // The app's side closed (it could not be reached, or the relay closed it once stdin did): nothing more comes.
        }
    }

    private static async Task SendAsync(ITransport upstream, StdoutWriter stdout, JsonRpcMessage message, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            await upstream.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync($"bunbase mcp: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            if (message is JsonRpcRequest request)
            {
                var error = new JsonRpcError
                {
                    Id = request.Id,
                    Error = new JsonRpcErrorDetail { Code = InternalError, Message = $"The app at the relay's URL could not answer: {ex.Message}" },
                };
                await stdout.WriteAsync(error, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Messages to stdout, one JSON line each (MCP's stdio framing), one at a time.</summary>
    private sealed class StdoutWriter(Stream stdout)
    {
        private readonly SemaphoreSlim _turn = new(1, 1);

        public async Task WriteAsync(JsonRpcMessage message, CancellationToken cancellationToken)
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(message, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)));
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await stdout.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _turn.Release();
            }
        }
    }
}
