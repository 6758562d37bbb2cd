namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>An API key as its owner sees it later (never its secret).</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">What the owner called it.</param>
/// <param name="Prefix">The key's visible prefix (after <c>bbk_</c>), to recognise it.</param>
/// <param name="Permissions">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUsedAt">When it was last used (to within <c>accounts.apiKeyCacheFor</c>), if ever.</param>
internal sealed record ApiKeyView(string Id, string Name, string Prefix, IReadOnlyList<string> Permissions, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
