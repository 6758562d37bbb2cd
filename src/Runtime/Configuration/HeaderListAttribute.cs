using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary><c>name=value</c> pairs separated by commas, when set. The message never repeats the value (it usually holds a key).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HeaderListAttribute : ValidationAttribute
{
    public HeaderListAttribute()
        : base("must be name=value pairs separated by commas, each with a header name")
    {
    }

    public override bool IsValid(object? value)
    {
        if (value is null)
            return true;
        if (value is not string text || text.Trim().Length == 0)
            return false;
        foreach (var pair in text.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || pair[..equals].Trim().Length == 0 || pair[..equals].Trim().Any(c => c <= ' ' || c >= 127 || c == ':'))
                return false;
        }

        return true;
    }

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
