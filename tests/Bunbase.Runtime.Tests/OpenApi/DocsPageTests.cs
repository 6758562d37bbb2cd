using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>The docs page in a real headless browser (Debian's chromium), with no network but loopback.</summary>
public sealed partial class DocsPageTests
{
    [Theory]
    [MemberData(nameof(AppNames))]
    public Task Docs_list_every_operation_offline(string app) => CheckAsync(Apps.ByName(app), Apps.ConfigFor(app));

    public static TheoryData<string> AppNames => Apps.Names;

    [Fact]
    public async Task The_page_loads_nothing_from_another_host()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);

        var index = await server.Client.GetStringAsync("/docs/index.html");
        var references = AssetReference().Matches(index).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.DoesNotContain("//", reference, StringComparison.Ordinal));
        foreach (var reference in references)
            Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync("/docs/" + reference.TrimStart('.', '/'))).StatusCode);
    }

    private static async Task CheckAsync(Assembly app, string extraConfig)
    {
        await using var server = await AppServer.StartAsync(app, extraConfig: extraConfig);
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;

        var (dom, errors) = await HeadlessChromium.DumpDomAsync(new Uri(server.Address, "/docs/index.html"));

        Assert.True(dom.Contains("opblock-summary-path", StringComparison.Ordinal), $"Swagger UI rendered no operation; chromium said:\n{errors}\nthe page was:\n{dom[..Math.Min(dom.Length, 4000)]}");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            Assert.Contains($"data-path=\"{path}\"", dom, StringComparison.Ordinal);
            foreach (var (_, operation) in item!.AsObject())
            {
                var operationId = operation!["operationId"]!.GetValue<string>();
                // Swagger UI escapes element ids as CSS does: a module's tasks.list is id "...-tasks\.list".
                var elementId = operationId.Replace(".", "\\.", StringComparison.Ordinal);
                Assert.True(dom.Contains($"-{elementId}\"", StringComparison.Ordinal), $"operation {operationId} is not on the page");
                // The DOM is serialised as browsers do: only &, < and > are escaped in text (quotes are not).
                if (operation["summary"]?.GetValue<string>() is { } summary)
                    Assert.Contains(summary.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal), dom, StringComparison.Ordinal);
            }
        }

        // Nothing the page loaded (scripts, styles, images, frames) comes from another host.
        var loaded = LoadedResource().Matches(dom).Select(m => m.Groups[1].Value).Where(u => u.Contains("//", StringComparison.Ordinal)).ToList();
        Assert.All(loaded, url => Assert.StartsWith(server.Address.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<(?:script|img|iframe|link)\\b[^>]*?\\b(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex LoadedResource();
}
