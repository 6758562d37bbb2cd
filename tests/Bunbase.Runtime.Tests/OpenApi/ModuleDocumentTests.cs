using System.Text.Json.Nodes;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>Modules in the fixture's document: joined paths, namespaced operation ids, the module's tag, guards and limit.</summary>
public sealed class ModuleDocumentTests
{
    [Fact]
    public async Task Module_operations_have_joined_paths_namespaced_ids_and_the_modules_tag()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
        var paths = document["paths"]!;

        Assert.Equal("tasks.list", paths["/tasks"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("tasks.create", paths["/tasks"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.Equal("tasks.find", paths["/tasks/{id}"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("tasks.open", paths["/tasks/open"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("tasks.archive-task", paths["/tasks/{id}/archive"]!["post"]!["operationId"]!.GetValue<string>());
        Assert.Equal("back-office.users.list", paths["/back-office/users"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Null(paths["/tasks/"]);

        Assert.Equal(["tasks"], Tags(paths["/tasks"]!["get"]!));
        Assert.Equal(["tasks", "lookups"], Tags(paths["/tasks/{id}"]!["get"]!));
        var tag = document["tags"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "tasks")!;
        Assert.Equal("The fixture's module of tasks.", tag["description"]!.GetValue<string>());

        // The module's guards and limit, as each operation's security and responses.
        var list = paths["/tasks"]!["get"]!;
        Assert.NotEmpty(list["security"]!.AsArray());
        Assert.NotNull(list["responses"]!["401"]);
        Assert.NotNull(list["responses"]!["429"]);
        var open = paths["/tasks/open"]!["get"]!;
        Assert.Empty(open["security"]!.AsArray());
        Assert.Null(open["responses"]!["401"]);
        Assert.NotNull(open["responses"]!["429"]);
        Assert.NotNull(paths["/back-office/users"]!["get"]!["responses"]!["403"]);
    }

    private static string[] Tags(JsonNode operation) => [.. operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())];
}
