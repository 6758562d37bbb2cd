using System.CommandLine;

namespace Bunbase.Cli;

/// <summary><c>bunbase openapi [--output FILE]</c>: the app's OpenAPI document, written without serving traffic.</summary>
internal static class OpenApiCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the document to this file (default: standard output)", HelpName = "FILE" };
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && path.Trim().Length == 0)
                result.AddError("--output must name a file, not ''");
        });
        var command = new Command("openapi", "Build the app and write its OpenAPI document without serving traffic") { output };
        command.SetAction((parse, cancellationToken) =>
        {
            var file = parse.GetValue(output) is { } path ? Path.GetFullPath(path) : "-";
            // The app writes the document and exits before it listens.
            return AppRunner.RunAsync(AppProject.Find(parse.GetValue(CommonOptions.Config)), RunMode.Development, "--write-openapi", file);
        });
        return command;
    }
}
