using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>An absolute <c>http://</c> or <c>https://</c> URL, when set. The message never repeats the value (it may hold credentials).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute : ValidationAttribute
{
    public HttpUrlAttribute()
        : base("must be an absolute http:// or https:// URL such as http://localhost:4318")
    {
    }

    public override bool IsValid(object? value) =>
        value is null
        || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0);

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
