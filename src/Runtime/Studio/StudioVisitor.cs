namespace Bunbase.Runtime.Studio;

/// <summary>Who is using the console: the admin's user id, or <c>studio-token</c> for a Development sign-in with the start-up token.</summary>
internal sealed record StudioVisitor(string UserId);
