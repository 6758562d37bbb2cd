using Bunbase.Runtime.Clients;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Clients;

/// <summary>
/// A generated client with the checks of tests/openapi-tools/clients beside it, in a folder under
/// tests/openapi-tools/generated (so tsc and node find the pinned packages there); deleted afterwards.
/// </summary>
public sealed class GeneratedClientFolder : IDisposable
{
    private GeneratedClientFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>The path relative to tests/openapi-tools, as NodeTools runs there.</summary>
    public string Relative => System.IO.Path.GetRelativePath(NodeTools.Directory, Path);

    internal static GeneratedClientFolder Create(ActionCatalog catalog, ClientRequest request)
    {
        var path = System.IO.Path.Combine(NodeTools.Directory, "generated", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        foreach (var (name, content) in ClientFiles.Generate(catalog, request with { OutputDirectory = path }))
            File.WriteAllText(System.IO.Path.Combine(path, name), content);
        return new GeneratedClientFolder(path);
    }

    /// <summary>Copies the checks (the TypeScript sources and tsconfig of tests/openapi-tools/clients).</summary>
    public void AddChecks()
    {
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(NodeTools.Directory, "clients")))
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
    }

    /// <summary>Runs tsc (the pinned TypeScript) with a project file of this folder.</summary>
    public Task<(int ExitCode, string Output)> CompileAsync(string project = "tsconfig.json") =>
        NodeTools.RunAsync("node_modules/typescript/bin/tsc", "-p", System.IO.Path.Combine(Relative, project), "--pretty", "false");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
