namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>How <see cref="CountingServer"/> answers one request.</summary>
internal sealed record ServerAnswer(int Status = 200, bool Chunked = false, bool Close = false)
{
    public static readonly ServerAnswer Ok = new();
}
