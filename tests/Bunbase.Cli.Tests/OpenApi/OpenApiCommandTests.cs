namespace Bunbase.Cli.Tests.OpenApi;

[Collection(ExampleAppBuilds.Name)]
public sealed class OpenApiCommandTests
{
    private const string Regenerate = "dotnet run --project src/Cli -- openapi --output examples/bunbase-app/openapi.json";

    [Fact]
    public async Task The_committed_snapshot_is_what_bunbase_openapi_generates()
    {
        var output = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        try
        {
            var exitCode = await CommandLine.RunAsync(["openapi", "--config", Path.Combine(RepositoryPaths.Root, "bunbase.config.json"), "--output", output]);

            Assert.Equal(0, exitCode);
            // Byte for byte: encoding, line endings and the final newline are part of the snapshot.
            var generated = await File.ReadAllBytesAsync(output);
            var committed = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "examples", "bunbase-app", "openapi.json"));
            Assert.True(generated.AsSpan().SequenceEqual(committed), $"examples/bunbase-app/openapi.json is out of date with the example app's actions; regenerate it with `{Regenerate}` and review the diff.");
        }
        finally
        {
            File.Delete(output);
        }
    }
}
