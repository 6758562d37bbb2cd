using System.Globalization;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Admin;

/// <summary>Query-string values of the operator endpoints: a bad one is a 400 naming the field, never a silent default.</summary>
internal static class AdminQuery
{
    /// <summary>One non-empty value, or null when absent (or empty); a key given more than once is a 400, as it is for actions.</summary>
    public static string? Text(IQueryCollection query, string field)
    {
        var value = query[field];
        if (value.Count > 1)
            throw Invalid(field, $"The field {field} was given {value.Count} times; it takes one value.");
        return value.Count == 1 && value[0] is { Length: > 0 } text ? text : null;
    }

    /// <summary><c>limit</c>: 1 to 1,000; 50 when absent.</summary>
    public static int Limit(IQueryCollection query)
    {
        if (Text(query, "limit") is not { } value)
            return 50;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 1_000
            ? limit
            : throw Invalid("limit", "The field limit must be between 1 and 1000.");
    }

    public static RequestBindingException Invalid(string field, string message) => RequestBindingException.Field(field, message);
}
