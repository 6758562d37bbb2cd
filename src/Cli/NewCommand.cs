using System.CommandLine;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Bunbase.Cli;

/// <summary><c>bunbase new action NAME</c>: a new action file in the app's <c>Actions/</c> folder, discovered at the next start.</summary>
internal static partial class NewCommand
{
    public static Command Create()
    {
        var command = new Command("new", "Add a file to the app");
        var name = new Argument<string>("name") { Description = "The action's name, kebab-case or PascalCase (create-order, CreateOrder)" };
        name.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !ValidName().IsMatch(result.Tokens[0].Value))
                result.AddError($"'{result.Tokens[0].Value}' is not an action name: letters and digits, in words joined by '-' (create-order) or in PascalCase (CreateOrder)");
        });
        var method = new Option<string>("--method") { Description = "The HTTP method", DefaultValueFactory = _ => "GET", HelpName = "METHOD" };
        method.AcceptOnlyFromAmong("GET", "POST", "PUT", "PATCH", "DELETE");
        var route = new Option<string?>("--path") { Description = "The route (default: /NAME)", HelpName = "PATH" };
        route.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && !path.StartsWith('/'))
                result.AddError("--path must start with '/'");
        });
        var action = new Command("action", "Write Actions/Name.cs: an action with an input, an output and a route, served at the next (re)start") { name, method, route };
        action.SetAction(async (parse, cancellationToken) =>
        {
            var app = AppProject.Find(parse.GetValue(CommonOptions.Config));
            var words = Words(parse.GetValue(name)!);
            var className = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            var actionName = string.Join('-', words);
            var httpMethod = parse.GetValue(method)!;
            var folder = Path.Combine(Path.GetDirectoryName(app.ProjectPath)!, "Actions");
            var path = Path.Combine(folder, className + ".cs");
            if (File.Exists(path))
                throw new CliException($"{Path.GetRelativePath(Directory.GetCurrentDirectory(), path)} exists");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(path, Source(RootNamespace(app.ProjectPath), className, actionName, httpMethod, parse.GetValue(route) ?? "/" + actionName), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}: {httpMethod} {parse.GetValue(route) ?? "/" + actionName} runs action '{actionName}'");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(action);
        return command;
    }

    private static string Source(string rootNamespace, string className, string actionName, string method, string route)
    {
        var attribute = char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant();
        var description = char.ToUpperInvariant(actionName[0]) + actionName[1..].Replace('-', ' ');
        return $$"""
            using Bunbase;

            namespace {{rootNamespace}}.Actions;

            [Action("{{actionName}}", Description = "{{description}}")]
            [{{attribute}}("{{route}}")]
            public sealed class {{className}} : ActionHandler<{{className}}.Input, {{className}}.Output>
            {
                public sealed record Input;

                public sealed record Output(string Message);

                public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
                    Task.FromResult(new Output("{{actionName}} ran"));
            }

            """;
    }

    /// <summary>The project's RootNamespace, else its file name (as the SDK does).</summary>
    public static string RootNamespace(string projectPath)
    {
        try
        {
            var declared = XDocument.Load(projectPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "RootNamespace")?.Value;
            if (!string.IsNullOrWhiteSpace(declared) && !declared.Contains('$', StringComparison.Ordinal))
                return declared.Trim();
        }
        catch (System.Xml.XmlException)
        {
        }

        return Path.GetFileNameWithoutExtension(projectPath).Replace('-', '_').Replace(' ', '_');
    }

    private static List<string> Words(string name) =>
        name.Contains('-', StringComparison.Ordinal)
            ? [.. name.Split('-').Select(w => w.ToLowerInvariant())]
            : [.. PascalWord().Matches(name).Select(m => m.Value.ToLowerInvariant())];

    [GeneratedRegex(@"^([a-z][a-z0-9]*(-[a-z0-9]+)*|[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"[A-Z][a-z0-9]*|[a-z0-9]+")]
    private static partial Regex PascalWord();
}
