using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>Label values for a request's method and status, from fixed sets of cached strings.</summary>
internal static class HttpLabels
{
    /// <summary>Every method outside the standard ones: clients choose methods freely, series must not grow with them.</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly string[] Statuses = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    private static readonly object[] BoxedStatuses = [.. Enumerable.Range(0, 600).Select(s => (object)s)];

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

    /// <summary>The status as a span attribute value, boxed once per status rather than per request.</summary>
    public static object BoxedStatus(int status) =>
        (uint)status < (uint)BoxedStatuses.Length ? BoxedStatuses[status] : status;

    /// <summary><c>1.1</c>, <c>2</c> or <c>3</c> from the request's protocol (<c>HTTP/1.1</c>).</summary>
    public static string ProtocolVersion(string protocol) =>
        HttpProtocol.IsHttp11(protocol) ? "1.1"
        : HttpProtocol.IsHttp2(protocol) ? "2"
        : HttpProtocol.IsHttp3(protocol) ? "3"
        : HttpProtocol.IsHttp10(protocol) ? "1.0"
        : protocol;
}
