using System.Globalization;
using System.Text.RegularExpressions;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>
/// deploy/nginx.conf for loopback: only the listen port, the instances' addresses and the file paths
/// change. Each replaced line must be found, so an edit to the shipped file cannot go untested.
/// </summary>
public static class NginxConfig
{
    /// <summary>How long nginx skips an instance after a failed attempt (<c>fail_timeout</c> on the shipped server line).</summary>
    public static TimeSpan FailTimeout(string shipped) =>
        TimeSpan.FromSeconds(int.Parse(Regex.Match(shipped, @"server app:3000 resolve [^;]*fail_timeout=(\d+)s").Groups[1].Value, CultureInfo.InvariantCulture));

    public static string Adapt(string shipped, string folder, int port, IEnumerable<int> instancePorts)
    {
        // The shipped server line names the compose service (resolved by Docker's DNS); its parameters are kept.
        var shippedServer = Regex.Match(shipped, @"server app:3000 resolve( [^;]*);");
        if (!shippedServer.Success)
            throw new InvalidOperationException("deploy/nginx.conf no longer has 'server app:3000 resolve ...;': update the test's adaptation");
        var servers = string.Join("\n        ", instancePorts.Select(p => $"server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}{shippedServer.Groups[1].Value};"));
        var adapted = shipped;
        adapted = Replace(adapted, "pid /tmp/nginx.pid;", $"pid {folder}/nginx.pid;");
        adapted = Replace(adapted, "error_log /dev/stderr warn;", $"error_log {folder}/error.log warn;");
        adapted = Replace(adapted, "access_log /dev/stdout upstreams;", $"access_log {folder}/access.log upstreams;\n    client_body_temp_path {folder}/client_body;\n    proxy_temp_path {folder}/proxy;\n    fastcgi_temp_path {folder}/fastcgi;\n    uwsgi_temp_path {folder}/uwsgi;\n    scgi_temp_path {folder}/scgi;");
        adapted = Replace(adapted, "resolver 127.0.0.11 valid=5s ipv6=off;", "");
        adapted = Replace(adapted, shippedServer.Value, servers);
        adapted = Replace(adapted, "listen 80;", $"listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};");
        return adapted;
    }

    private static string Replace(string text, string line, string replacement) =>
        text.Contains(line, StringComparison.Ordinal)
            ? text.Replace(line, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx.conf no longer has '{line}': update the test's adaptation");
}
