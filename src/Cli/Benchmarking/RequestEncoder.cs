using System.Text;

namespace Bunbase.Cli.Benchmarking;

/// <summary>Encodes an HTTP/1.1 request once, before the load starts.</summary>
internal static class RequestEncoder
{
    public static byte[] Encode(string method, string path, string host, IEnumerable<KeyValuePair<string, string>> headers, string? body)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var (name, value) in headers)
            builder.Append(name).Append(": ").Append(value).Append("\r\n");
        var bodyBytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null || method is "POST" or "PUT" or "PATCH")
            builder.Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n");
        builder.Append("\r\n");
        var head = Encoding.UTF8.GetBytes(builder.ToString());
        if (bodyBytes.Length == 0)
            return head;
        var request = new byte[head.Length + bodyBytes.Length];
        head.CopyTo(request, 0);
        bodyBytes.CopyTo(request, head.Length);
        return request;
    }
}
