namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>An organisation and the caller's role in it.</summary>
internal sealed record OrgView(string Id, string Name, string Role);
