using System.CommandLine;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase client typescript --output DIR [--react]</c> and <c>bunbase client csharp --output DIR [--namespace N]</c>:
/// a typed client generated from the app's actions (the app writes it and exits before it listens, as it does the OpenAPI document).
/// </summary>
internal static class ClientCommand
{
    public static Command Create()
    {
        var typescript = Language("typescript", "Write client.ts: a fetch-based ESM client with no dependency (and react.ts with --react)", out var tsOutput);
        var react = new Option<bool>("--react") { Description = "Also write react.ts: TanStack Query hooks (peer dependency @tanstack/react-query 5)" };
        typescript.Options.Add(react);
        typescript.SetAction((parse, cancellationToken) => RunAsync(parse, "typescript", parse.GetValue(tsOutput)!, parse.GetValue(react) ? ["--client-react"] : []));

        var csharp = Language("csharp", "Write a C# client: an HttpClient wrapper with System.Text.Json source generation", out var csOutput);
        var ns = new Option<string?>("--namespace") { Description = "The namespace of the generated types (default: the app's assembly name + .Client)", HelpName = "N" };
        csharp.Options.Add(ns);
        csharp.SetAction((parse, cancellationToken) => RunAsync(parse, "csharp", parse.GetValue(csOutput)!, parse.GetValue(ns) is { } name ? ["--client-namespace", name] : []));

        return new Command("client", "Build the app and generate a typed client for its actions") { typescript, csharp };
    }

    private static Command Language(string name, string description, out Option<string> output)
    {
        output = new Option<string>("--output", "-o") { Description = "The folder to write the files to (created when missing)", HelpName = "DIR", Required = true };
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && path.Trim().Length == 0)
                result.AddError("--output must name a folder, not ''");
        });
        return new Command(name, description) { output };
    }

    private static Task<int> RunAsync(ParseResult parse, string language, string output, string[] extra) =>
        AppRunner.RunAsync(
            AppProject.Find(parse.GetValue(CommonOptions.Config)),
            RunMode.Development,
            ["--write-client", language, "--client-output", Path.GetFullPath(output), .. extra]);
}
