using System.CommandLine;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase mcp</c>: an MCP server over stdio for clients that only speak stdio, relaying every
/// message to the running app's MCP endpoint (streamable HTTP), so tools run in the app, with its
/// services, guards and rate limits, as the session of <c>--token</c> (or <c>BUNBASE_MCP_TOKEN</c>).
/// </summary>
internal static class McpCommand
{
    public const string TokenVariable = "BUNBASE_MCP_TOKEN";

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The running app's base URL",
            HelpName = "URL",
            DefaultValueFactory = _ => "http://127.0.0.1:3000",
        };
        var path = new Option<string>("--path")
        {
            Description = "The app's MCP endpoint (its mcp.path)",
            HelpName = "PATH",
            DefaultValueFactory = _ => "/_mcp",
        };
        var token = new Option<string?>("--token")
        {
            Description = $"A session token to call the tools with (default: ${TokenVariable}; none: anonymous)",
            HelpName = "TOKEN",
        };
        var command = new Command("mcp", "Serve the app's tools to an MCP client over stdio (relayed to the running app)") { url, path, token };
        command.SetAction((parse, cancellationToken) =>
            McpRelay.RunAsync(Endpoint(parse.GetValue(url)!, parse.GetValue(path)!), parse.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable)), Console.Error, cancellationToken));
        return command;
    }

    private static Uri Endpoint(string url, string path)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            throw new CliException($"--url must be an http(s) URL, not '{url}'");
        if (!path.StartsWith('/'))
            throw new CliException($"--path must start with '/', not '{path}'");
        return new Uri(baseUrl, path);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
