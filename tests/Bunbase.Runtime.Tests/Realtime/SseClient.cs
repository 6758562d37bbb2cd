using System.Net;
using System.Text;
using System.Text.Json;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>An SSE stream read frame by frame over a real HTTP connection (comments are skipped).</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    /// <summary>The last <c>id:</c> seen (the cursor to resume from).</summary>
    public string? LastId { get; private set; }

    /// <summary>Opens the stream; throws with the problem when the answer is not 200.</summary>
    public static async Task<SseClient> OpenAsync(HttpClient client, string query, string? lastEventId = null, string? bearer = null)
    {
        var (status, stream, body) = await TryOpenAsync(client, query, lastEventId, bearer);
        return status == HttpStatusCode.OK ? stream! : throw new InvalidOperationException($"SSE {query}: {(int)status} {body}");
    }

    /// <summary>Opens the stream, or returns the refusal's status and body.</summary>
    public static async Task<(HttpStatusCode Status, SseClient? Stream, string Body)> TryOpenAsync(HttpClient client, string query, string? lastEventId = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_realtime/sse?" + query);
        if (lastEventId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        if (bearer is not null)
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            return (response.StatusCode, null, body);
        }

        return (HttpStatusCode.OK, new SseClient(response, await response.Content.ReadAsStreamAsync()), "");
    }

    /// <summary>Reads a stream already opened.</summary>
    public static async Task<SseClient> FromResponseAsync(HttpResponseMessage response) =>
        new(response, await response.Content.ReadAsStreamAsync());

    /// <summary>The next frame: its event (<c>message</c> when unnamed) and data; null when the stream ended.</summary>
    public async Task<(string Event, JsonElement Data)?> ReadAsync(int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            // Heartbeats keep lines coming: the deadline is checked here, not only by the read.
            timeout.Token.ThrowIfCancellationRequested();
            var line = await _reader.ReadLineAsync(timeout.Token);
            if (line is null)
                return null;
            if (line.Length == 0)
            {
                if (data.Length == 0)
                {
                    name = null;
                    continue;
                }

                return (name ?? "message", JsonDocument.Parse(data.ToString()).RootElement.Clone());
            }

            if (line.StartsWith(':'))
                continue;
            if (line.StartsWith("id: ", StringComparison.Ordinal))
                LastId = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Append(line[6..]);
        }
    }

    /// <summary>The next channel message (skipping controls unless they are what is asked).</summary>
    public async Task<JsonElement> NextMessageAsync(int seconds = 20)
    {
        while (true)
        {
            var frame = await ReadAsync(seconds) ?? throw new InvalidOperationException("The stream ended.");
            if (frame.Event == "message")
                return frame.Data;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
