namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// A scenario's requests, encoded to bytes before the load starts: templates rendered many times
/// (random ids differ between entries) and spread over the pool by weight, so sending one is a copy.
/// </summary>
internal sealed class RequestPool
{
    public RequestPool(IReadOnlyList<byte[]> requests, IReadOnlyList<bool> isHead, IReadOnlyList<string> labels)
    {
        if (requests.Count == 0)
            throw new ArgumentException("a request pool needs at least one request", nameof(requests));
        Requests = [.. requests];
        IsHead = [.. isHead];
        Labels = [.. labels];
    }

    /// <summary>The encoded requests, in the order they are sent (round robin from a per-connection start).</summary>
    public byte[][] Requests { get; }

    /// <summary>Whether each request is a HEAD request (its response has no body).</summary>
    public bool[] IsHead { get; }

    /// <summary>For each request, the name of the template it was rendered from.</summary>
    public string[] Labels { get; }

    public int Count => Requests.Length;
}
