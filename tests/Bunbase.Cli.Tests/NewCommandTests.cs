namespace Bunbase.Cli.Tests;

/// <summary><c>bunbase new action</c> as a real process, in a folder with a configuration and a project.</summary>
public sealed class NewCommandTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-new-").FullName;

    public NewCommandTests()
    {
        File.WriteAllText(Path.Combine(_directory, "bunbase.config.json"), """{ "name": "shop" }""");
        File.WriteAllText(Path.Combine(_directory, "Shop.csproj"), """<Project Sdk="Microsoft.NET.Sdk" />""");
        Directory.CreateDirectory(Path.Combine(_directory, "Actions"));
        File.WriteAllText(Path.Combine(_directory, "Actions", "Hello.cs"), "// mine");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("its class would be Input", "Input")]
    [InlineData("its class would be Output", "output")]
    [InlineData("--path '/a\"b' is not a route", "quote", "--path", "/a\"b")]
    [InlineData("--path '/a b' is not a route", "space", "--path", "/a b")]
    [InlineData("--path '/orders/{id}' has a route parameter", "param", "--path", "/orders/{id}")]
    public async Task A_name_or_path_the_new_file_could_not_compile_or_serve_is_refused_and_nothing_is_written(string message, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Tool, "new", "action", .. arguments]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(["Hello.cs"], Directory.EnumerateFiles(Path.Combine(_directory, "Actions")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_plain_name_and_path_write_the_action()
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Tool, "new", "action", "list-orders", "--path", "/orders/recent"]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("""[Get("/orders/recent")]""", await File.ReadAllTextAsync(Path.Combine(_directory, "Actions", "ListOrders.cs")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("HELLO")]
    public async Task A_file_of_the_same_name_in_any_case_is_refused_and_nothing_is_written(string name)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Tool, "new", "action", name]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("bunbase: Actions/Hello.cs exists", Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(["Hello.cs"], Directory.EnumerateFiles(Path.Combine(_directory, "Actions")).Select(Path.GetFileName));
        Assert.Equal("// mine", await File.ReadAllTextAsync(Path.Combine(_directory, "Actions", "Hello.cs")));
    }
}
