using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// A PostgreSQL location, when set (a string, or each element of a string array): a
/// <c>postgres://</c> or <c>postgresql://</c> URL with a host (and a port from 0 to 65535, when given),
/// or an Npgsql connection string. Checked with the rest of the configuration so that the message names
/// the file or variable it came from; it never repeats the value (it holds a password).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PostgresUrlAttribute : ValidationAttribute
{
    public PostgresUrlAttribute()
        : base("must be a URL such as postgres://user:password@host:5432/database, or a connection string such as Host=host;Username=user;Password=password;Database=database")
    {
    }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text => IsLocation(text),
        string[] texts => texts.All(IsLocation),
        _ => false,
    };

    public override string FormatErrorMessage(string name) => ErrorMessageString;

    private static bool IsLocation(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
            return AbsoluteUrlAttribute.IsUrl(text, ["postgres", "postgresql"]);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
