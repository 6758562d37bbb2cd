using Bunbase.Runtime.Clients;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Clients;

/// <summary>
/// The generated TypeScript client, checked with the pinned TypeScript (tsc --strict) and run with node against
/// the example app; and the negative checks: what the types must refuse does not compile.
/// </summary>
public sealed class TypeScriptClientTests
{
    [Fact]
    public async Task The_example_apps_client_compiles_strict_and_calls_every_operation()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleMigratedConfig);
        using var folder = GeneratedClientFolder.Create(server.Services.GetRequiredService<ActionCatalog>(), new ClientRequest(ClientLanguage.TypeScript, "", React: true));
        folder.AddChecks();

        var (compiled, errors) = await folder.CompileAsync();
        Assert.True(compiled == 0, errors);

        var (exitCode, output) = await NodeTools.RunAsync(Path.Combine(folder.Relative, "out", "call-every-operation.js"), server.Address.ToString());
        Assert.True(exitCode == 0, output);
        Assert.Matches(@"(?m)^[1-9][0-9]* operations called$", output); // the script fails when an operation is not called
    }

    [Fact]
    public async Task A_wrong_body_field_query_type_or_result_type_does_not_compile()
    {
        using var folder = GeneratedClientFolder.Create(ActionDiscovery.Discover(Apps.Example), new ClientRequest(ClientLanguage.TypeScript, ""));
        folder.AddChecks();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "tsconfig.wrong.json"), """
            { "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true }, "include": ["client.ts", "wrong-body-field.ts", "wrong-query-type.ts", "wrong-result-type.ts"] }
            """);

        var (exitCode, output) = await folder.CompileAsync("tsconfig.wrong.json");

        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"wrong-body-field\.ts\(4,\d+\): error TS2353: .*'priority' does not exist in type 'CreateTaskInput'", output);
        Assert.Matches(@"wrong-query-type\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'", output);
        Assert.Matches(@"wrong-result-type\.ts\(4,\d+\): error TS2322: Type 'number' is not assignable to type 'string'", output);
        Assert.DoesNotContain("client.ts(", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_renewed_in_Session_Token_is_sent_from_then_on()
    {
        using var folder = GeneratedClientFolder.Create(ActionDiscovery.Discover(Apps.Example), new ClientRequest(ClientLanguage.TypeScript, ""));
        folder.AddChecks();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "tsconfig.renewal.json"), """
            { "extends": "./tsconfig.json", "include": ["client.ts", "token-renewal.ts"] }
            """);

        var (compiled, errors) = await folder.CompileAsync("tsconfig.renewal.json");
        Assert.True(compiled == 0, errors);
        var (exitCode, output) = await NodeTools.RunAsync(Path.Combine(folder.Relative, "out", "token-renewal.js"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("token renewal ok", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AppNames))]
    public async Task Every_apps_client_and_hooks_compile_strict(string app)
    {
        using var folder = GeneratedClientFolder.Create(ActionDiscovery.Discover(Apps.ByName(app)), new ClientRequest(ClientLanguage.TypeScript, "", React: true));
        folder.AddChecks();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "tsconfig.only.json"), """
            { "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true }, "include": ["client.ts", "react.ts"] }
            """);

        var (exitCode, output) = await folder.CompileAsync("tsconfig.only.json");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Openapi_typescript_gives_types_of_the_example_apps_document_that_compile()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        using var folder = GeneratedClientFolder.Create(ActionDiscovery.Discover(Apps.Example), new ClientRequest(ClientLanguage.TypeScript, ""));
        folder.AddChecks();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "openapi.json"), await server.Client.GetStringAsync("/openapi.json"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "tsconfig.openapi.json"), """
            { "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true }, "include": ["openapi.d.ts", "openapi-types.ts"] }
            """);

        var (generated, generatorOutput) = await NodeTools.RunAsync("node_modules/openapi-typescript/bin/cli.js", Path.Combine(folder.Relative, "openapi.json"), "--output", Path.Combine(folder.Relative, "openapi.d.ts"));
        Assert.True(generated == 0, generatorOutput);
        var (exitCode, output) = await folder.CompileAsync("tsconfig.openapi.json");

        Assert.True(exitCode == 0, output);
    }

    public static TheoryData<string> AppNames => Apps.Names;
}
