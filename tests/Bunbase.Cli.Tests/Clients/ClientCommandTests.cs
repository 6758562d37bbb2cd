namespace Bunbase.Cli.Tests.Clients;

/// <summary><c>bunbase client</c> builds the example app, which writes the client and exits before it listens.</summary>
[Collection(ExampleAppBuilds.Name)]
public sealed class ClientCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-client-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Client_typescript_with_react_and_client_csharp_with_a_namespace_write_their_files()
    {
        var config = Path.Combine(RepositoryPaths.Root, "bunbase.config.json");
        var typescript = Path.Combine(_directory, "ts");
        var csharp = Path.Combine(_directory, "cs");

        Assert.Equal(0, await CommandLine.RunAsync(["client", "typescript", "--config", config, "--output", typescript, "--react"]));
        Assert.Equal(0, await CommandLine.RunAsync(["client", "csharp", "--config", config, "--output", csharp, "--namespace", "Example.Api"]));

        Assert.Equal(["client.ts", "react.ts"], Directory.GetFiles(typescript).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var client = await File.ReadAllTextAsync(Path.Combine(typescript, "client.ts"));
        Assert.Contains("async listTasks(input: ListTasksInput = {}, options?: CallOptions): Promise<ListTasksOutput>", client, StringComparison.Ordinal);
        Assert.Contains("useListTasks(", await File.ReadAllTextAsync(Path.Combine(typescript, "react.ts")), StringComparison.Ordinal);
        Assert.Equal(
            ["BunbaseClient.cs", "BunbaseProblemException.cs", "BunbaseRequest.cs", "ExampleApiJsonContext.cs", "Models.cs"],
            Directory.GetFiles(csharp).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("namespace Example.Api;", await File.ReadAllTextAsync(Path.Combine(csharp, "BunbaseClient.cs")), StringComparison.Ordinal);
    }
}
