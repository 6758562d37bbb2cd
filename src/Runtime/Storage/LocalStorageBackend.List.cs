namespace Bunbase.Runtime.Storage;

internal sealed partial class LocalStorageBackend
{
    public async Task<StorageListPage> ListAsync(string prefix, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = pageToken is null ? null : PageTokens.Decode(pageToken);
        // Only the folder the prefix reaches into is walked: "users/12/av" walks objects/users/12.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? _objects : Path.Combine(_objects, prefix[..slash]);
        if (!Directory.Exists(start))
            return new StorageListPage([], null);
        var keys = Directory.EnumerateFiles(start, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => Path.GetRelativePath(_objects, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(k, after) > 0))
            .Order(StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var items = new List<StorageListItem>(Math.Min(keys.Count, pageSize));
        foreach (var key in keys.Take(pageSize))
        {
            if (await ReadPointerAsync(key, cancellationToken).ConfigureAwait(false) is { } pointer)
                items.Add(new StorageListItem(key, pointer.Length, pointer.Sha256, pointer.LastModified));
        }

        return new StorageListPage(items, keys.Count > pageSize ? PageTokens.Encode(keys[pageSize - 1]) : null);
    }
}
