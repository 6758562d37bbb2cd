namespace Bunbase.Runtime.Auth.Throttling;

/// <summary>
/// What is stored per sign-in identifier: failures so far, and until when (Unix ms) the next
/// attempt must wait; <see cref="Locked"/> when that wait is a lock rather than a slow-down.
/// </summary>
internal sealed record SignInAttempts(int Failures, long WaitUntilMs, bool Locked);
