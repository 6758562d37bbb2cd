namespace Bunbase;

/// <summary>One page of <see cref="IFileStorage.ListAsync"/>.</summary>
/// <param name="Items">The objects of this page, in key order.</param>
/// <param name="NextPageToken">What to pass for the next page; null on the last one.</param>
public sealed record StorageListPage(IReadOnlyList<StorageListItem> Items, string? NextPageToken);
