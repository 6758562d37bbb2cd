using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// A Redis URL, when set: <c>redis://</c> or <c>rediss://</c> with a host (and a port from 0 to 65535,
/// when given). Checked with the rest of the configuration so that the message names the file or variable
/// it came from; it never repeats the value (it may hold a password).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RedisUrlAttribute : ValidationAttribute
{
    public RedisUrlAttribute()
        : base("must be a URL such as redis://host:6379, redis://:password@host:6379/0 or rediss://host:6380 (TLS)")
    {
    }

    public override bool IsValid(object? value) =>
        value is null
        || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss" && uri.Host.Length > 0);

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
