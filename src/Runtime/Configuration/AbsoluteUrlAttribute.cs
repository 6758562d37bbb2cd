using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// An absolute URL of one of <see cref="Schemes"/> with a host (and a port from 0 to 65535, when given), when set.
/// Checked with the rest of the configuration so that the message names the file or variable it came from; it never
/// repeats the value (it may hold a password).
/// </summary>
/// <param name="message">What the value must be, with an example (never the value).</param>
/// <param name="schemes">The schemes accepted.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteUrlAttribute(string message, params string[] schemes) : ValidationAttribute(message)
{
    public string[] Schemes { get; } = schemes;

    /// <summary>Whether <paramref name="text"/> is an absolute URL of one of <paramref name="schemes"/> with a host.</summary>
    public static bool IsUrl(string text, string[] schemes) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.Ordinal) && uri.Host.Length > 0;

    public override bool IsValid(object? value) => value is null || (value is string text && IsUrl(text, Schemes));

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
