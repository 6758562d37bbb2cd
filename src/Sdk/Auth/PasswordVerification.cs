namespace Bunbase;

/// <summary>The outcome of a password check.</summary>
public enum PasswordVerification
{
    /// <summary>The password does not match (or there is no such user).</summary>
    Failed,

    /// <summary>The password matches.</summary>
    Succeeded,

    /// <summary>The password matches, but the hash is weaker than the current settings: store a new one.</summary>
    SucceededRehashNeeded,
}
