using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>
/// Constant load through nginx: a few loops, each alternating GET /hello and POST /notes with a title
/// of its own, until stopped (or a bound on time and count is reached). Records every answer and
/// every socket error, and the titles of the notes whose POST was answered 2xx.
/// </summary>
public sealed class LoadMix
{
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _created = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private int _gets;
    private int _posts;

    private LoadMix(Uri address, string prefix, int loops, TimeSpan limit, int maxRequestsPerLoop)
    {
        Prefix = prefix;
        _stop.CancelAfter(limit);
        _loops = [.. Enumerable.Range(0, loops).Select(i => Task.Run(() => LoopAsync(address, i, maxRequestsPerLoop)))];
    }

    public string Prefix { get; }

    /// <summary>Non-2xx answers and socket errors, one line each.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Titles of notes whose POST was answered 2xx.</summary>
    public IReadOnlyCollection<string> Created => _created;

    public int Gets => _gets;

    public int Posts => _posts;

    public static LoadMix Start(Uri address, int loops, TimeSpan limit, int maxRequestsPerLoop = 20_000) =>
        new(address, $"load-{Guid.NewGuid():N}", loops, limit, maxRequestsPerLoop);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task LoopAsync(Uri address, int loop, int maxRequests)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        for (var n = 0; n < maxRequests && !_stop.IsCancellationRequested; n++)
        {
            var post = n % 2 == 1;
            var title = $"{Prefix}-{loop}-{n}";
            try
            {
                using var response = post
                    ? await client.PostAsJsonAsync("/notes", new { title, body = "under load" })
                    : await client.GetAsync("/hello");
                if (post)
                    Interlocked.Increment(ref _posts);
                else
                    Interlocked.Increment(ref _gets);
                if (!response.IsSuccessStatusCode)
                    _failures.Enqueue($"{(post ? "POST" : "GET")} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                else if (post)
                    _created.Enqueue(title);
            }
            catch (HttpRequestException ex)
            {
                _failures.Enqueue($"{(post ? "POST" : "GET")} socket error: {ex.Message}");
            }
            catch (TaskCanceledException)
            {
                _failures.Enqueue($"{(post ? "POST" : "GET")} no answer within the client's timeout");
            }
        }
    }
}
