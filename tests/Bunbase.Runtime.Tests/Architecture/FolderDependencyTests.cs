namespace Bunbase.Runtime.Tests.Architecture;

/// <summary>The dependency rule of <c>src/Runtime/README.md</c>, checked on the compiled assembly.</summary>
public sealed class FolderDependencyTests
{
    /// <summary>The layers, lowest first, as the README lists them: a folder may use the folders of lower layers only.</summary>
    internal static readonly string[][] Layers =
    [
        ["Foundation"],
        ["Configuration"],
        ["Observability"],
        ["Data", "Redis"],
        ["Kv", "Events"],
        ["Auth"],
        ["RateLimiting"],
        ["Discovery"],
        ["Json", "Validation"],
        ["Pipeline"],
        ["ActionLog"],
        ["Queue", "Subscriptions"],
        ["Http", "OpenApi", "Clients"],
        ["Webhooks", "Mail", "Storage"],
        ["Admin", "Seeding", "Mcp", "Realtime", "Accounts"],
        ["Studio"],
        ["Hosting"],
    ];

    private static readonly FolderGraph Graph = FolderGraph.Read(typeof(Bunbase.Runtime.Hosting.BunbaseApplication).Assembly.Location);

    [Fact]
    public void No_folders_depend_on_each_other_in_a_cycle()
    {
        var cycles = Graph.Cycles().Select(c => string.Join(" -> ", c.Select(f => Describe(f, c)))).ToList();
        Assert.True(cycles.Count == 0, "Folders in a cycle:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Every_folder_uses_only_folders_of_lower_layers()
    {
        var level = Layers.SelectMany((folders, i) => folders.Select(f => (f, i))).ToDictionary(p => p.f, p => p.i);
        var broken = Graph.Edges
            .SelectMany(e => e.Value.Select(t => (From: e.Key, To: t.Key, Example: t.Value)))
            .Where(e => level[e.From] <= level[e.To])
            .Select(e => $"{e.From} uses {e.To} ({e.Example})")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(broken.Count == 0, "Uses the rule of src/Runtime/README.md does not allow:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_folder_has_a_layer()
    {
        var placed = Layers.SelectMany(f => f).ToHashSet();
        var folders = typeof(Bunbase.Runtime.Hosting.BunbaseApplication).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith("Bunbase.Runtime.", StringComparison.Ordinal))
            .Select(n => n["Bunbase.Runtime.".Length..].Split('.')[0])
            .Distinct();
        Assert.All(folders, f => Assert.Contains(f, placed));
    }

    [Fact]
    public void The_graph_sees_uses_inside_method_bodies_and_compiler_generated_types()
    {
        // Hosting composes every capability; its uses of OpenApi and Seeding are only in method bodies (some in async state machines).
        Assert.Contains("OpenApi", Graph.Uses("Hosting"));
        Assert.Contains("Seeding", Graph.Uses("Hosting"));
        Assert.Contains("Foundation", Graph.Uses("Configuration"));
    }

    private static string Describe(string folder, List<string> cycle)
    {
        var next = cycle[(cycle.IndexOf(folder) + 1) % cycle.Count];
        return Graph.Edges.TryGetValue(folder, out var uses) && uses.TryGetValue(next, out var example) ? $"{folder} [{example}]" : folder;
    }
}
