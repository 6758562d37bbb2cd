namespace Bunbase.Cli.Tests.Deploy;

/// <summary>
/// A set of deploy files: the repository's (the example app, built from source) or those of an app
/// named Acme.Shop that <c>bunbase init</c> writes from the template (built from the packages).
/// </summary>
public sealed record DeployFiles(string Root, string Compose, string Dockerfile, string AppDll, string Image)
{
    private static readonly Lazy<Task<DeployFiles>> Generated = new(WriteGeneratedAsync);

    public string[] DockerfileLines => File.ReadAllLines(Path.Combine(Root, Dockerfile));

    public static Task<DeployFiles> OfAsync(string set) => set switch
    {
        "repository" => Task.FromResult(new DeployFiles(RepositoryPaths.Root, Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "deploy/Dockerfile", "BunbaseApp.dll", "bunbase-app:latest")),
        "generated app" => Generated.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "no such set of deploy files"),
    };

    private static async Task<DeployFiles> WriteGeneratedAsync()
    {
        var parent = Directory.CreateTempSubdirectory("bunbase-deploy-files-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(parent, recursive: true);
        var folder = Path.Combine(parent, "Acme.Shop");
        await InitCommand.WriteAsync(folder, "Acme.Shop", tests: false, CancellationToken.None);
        // A Compose project and image name has no '.': the template's deploy name is the app's in lower case with '-'.
        return new DeployFiles(folder, Path.Combine(folder, "docker-compose.yml"), "Dockerfile", "Acme.Shop.dll", "acme-shop:latest");
    }
}
