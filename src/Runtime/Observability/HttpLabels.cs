using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>Label values for a request's method and status, from fixed sets of cached strings.</summary>
internal static class HttpLabels
{
    /// <summary>Every method outside the standard ones: clients choose methods freely, series must not grow with them.</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly string[] Statuses = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The canonical (interned) method string, or <see cref="OtherMethod"/>.</summary>
    public static string Method(string method)
    {
        var canonical = HttpMethods.GetCanonicalizedValue(method);
        return ReferenceEquals(canonical, HttpMethods.Get) || ReferenceEquals(canonical, HttpMethods.Head)
            || ReferenceEquals(canonical, HttpMethods.Post) || ReferenceEquals(canonical, HttpMethods.Put)
            || ReferenceEquals(canonical, HttpMethods.Patch) || ReferenceEquals(canonical, HttpMethods.Delete)
            || ReferenceEquals(canonical, HttpMethods.Options) || ReferenceEquals(canonical, HttpMethods.Trace)
            || ReferenceEquals(canonical, HttpMethods.Connect)
            ? canonical
            : OtherMethod;
    }

    public static string Status(int status) =>
        (uint)status < (uint)Statuses.Length ? Statuses[status] : status.ToString(CultureInfo.InvariantCulture);
}
