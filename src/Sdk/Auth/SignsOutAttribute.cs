namespace Bunbase;

/// <summary>
/// Declares that the action ends the caller's session (<c>ctx.Auth.SignOut</c>), so its OpenAPI
/// operation documents the optional session it reads, the cookie deletion of its success response,
/// and 503 <c>session_store_unavailable</c> when the sign-out cannot be written.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class SignsOutAttribute : Attribute;
