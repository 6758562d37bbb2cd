using System.Text.Json;

namespace Bunbase.Runtime.Storage;

internal sealed partial class LocalStorageBackend
{
    /// <summary>How old an unreferenced blob must be to be swept: a write moves its blob in before it swaps the pointer.</summary>
    internal static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Deletes the blobs no pointer names that are older than <see cref="OrphanGrace"/>: what a crash between a
    /// blob's move and its pointer's swap leaves. Run at start, alongside requests (hence the grace). A pointer that
    /// cannot be read stops the sweep: its blob is unknown, so no blob is surely unreferenced.
    /// </summary>
    /// <returns>How many blobs were deleted.</returns>
    public async Task<int> SweepOrphanBlobsAsync(CancellationToken cancellationToken)
    {
        // Blobs first: one written after this listing is not in it, whatever the pointers say later.
        var cutoff = _time.GetUtcNow().UtcDateTime - OrphanGrace;
        var candidates = new DirectoryInfo(_blobs).EnumerateFiles()
            .Where(f => f.LastWriteTimeUtc < cutoff)
            .Select(f => f.Name)
            .ToHashSet(StringComparer.Ordinal);
        if (candidates.Count == 0)
            return 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFiles(_objects, "*", options))
        {
            LocalPointer? pointer;
            try
            {
                pointer = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), LocalPointerJson.Default.LocalPointer);
            }
            catch (FileNotFoundException)
            {
                continue;   // deleted meanwhile
            }
            catch (JsonException)
            {
                return 0;
            }

            if (pointer is null)
                return 0;
            candidates.Remove(pointer.Blob);
            if (candidates.Count == 0)
                return 0;
        }

        var swept = 0;
        foreach (var name in candidates)
        {
            if (TryDelete(Path.Combine(_blobs, name)))
                swept++;
        }

        return swept;
    }
}
