using System.Collections.Concurrent;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Bunbase.Cli;

/// <summary>
/// Relays JSON-RPC between stdin/stdout (the SDK's stdio server transport) and the app's streamable
/// HTTP endpoint (the SDK's HTTP client transport), message by message, both ways. Requests are sent
/// concurrently, so a long tool call does not hold up a cancellation or the next call; a request the
/// app cannot be reached for is answered with a JSON-RPC error, never left waiting. Ends when stdin
/// closes (after the answers to what was sent) or the app's side does.
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
        await using var stdio = new StdioServerTransport("bunbase");
        await log.WriteLineAsync($"bunbase mcp: relaying stdio to {endpoint}{(token is null ? " (anonymous)" : "")}").ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var down = PumpDownAsync(upstream, stdio, stop.Token);
        var pending = new ConcurrentDictionary<Task, byte>();
        try
        {
            await foreach (var message in stdio.MessageReader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var send = SendAsync(upstream, stdio, message, log, stop.Token);
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
    private static async Task PumpDownAsync(ITransport upstream, ITransport stdio, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in upstream.MessageReader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await stdio.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientTransportClosedException)
        {
            // The app's side closed (it could not be reached, or the relay closed it once stdin did): nothing more comes.
        }
    }

    private static async Task SendAsync(ITransport upstream, ITransport stdio, JsonRpcMessage message, TextWriter log, CancellationToken cancellationToken)
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
                await stdio.SendMessageAsync(error, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
