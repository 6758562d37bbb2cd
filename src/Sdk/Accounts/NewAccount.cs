namespace Bunbase;

/// <summary>An account for <see cref="IAccountAdmin.CreateAsync"/> (a class, not a record: its text form would show the password).</summary>
/// <param name="email">The email (normalised as sign-up normalises it).</param>
public sealed class NewAccount(string email)
{
    /// <summary>The email (normalised as sign-up normalises it).</summary>
    public string Email { get; } = email;

    /// <summary>The password (hashed as sign-up hashes it); none for an account that signs in only through a provider or a reset.</summary>
    public string? Password { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>Whether the email counts as verified (a seed's or an import's account); otherwise it must be verified as after sign-up.</summary>
    public bool EmailVerified { get; init; }
}
