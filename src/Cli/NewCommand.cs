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
            if (result.Tokens.Count != 1)
                return;
            var text = result.Tokens[0].Value;
            if (!ValidName().IsMatch(text))
                result.AddError($"'{text}' is not an action name: letters and digits, in words joined by '-' (create-order) or in PascalCase (CreateOrder)");
            else if (ClassName(Words(text)) is "Input" or "Output")
                result.AddError($"'{text}' cannot name an action: its class would be {ClassName(Words(text))}, the name of the records it holds; choose another (e.g. {ClassName(Words(text))}Action)");
        });
        var method = new Option<string>("--method") { Description = "The HTTP method", DefaultValueFactory = _ => "GET", HelpName = "METHOD" };
        CommonOptions.OneOf(method, "GET", "POST", "PUT", "PATCH", "DELETE");
        var route = new Option<string?>("--path") { Description = "The route (default: /NAME)", HelpName = "PATH" };
        route.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } path)
                return;
            if (!path.StartsWith('/'))
                result.AddError("--path must start with '/'");
            else if (path.Contains('{', StringComparison.Ordinal) || path.Contains('}', StringComparison.Ordinal))
                result.AddError($"--path '{path}' has a route parameter, which the new action's empty Input cannot bind: write the path without it, then add the parameter to the route and a property of its name to Input");
            else if (!RoutePath().IsMatch(path))
                result.AddError($"--path '{path}' is not a route: '/' then letters, digits and - . _ ~ / (e.g. /orders/recent)");
        });
        var action = new Command("action", "Write Actions/Name.cs: an action with an input, an output and a route, served at the next (re)start") { name, method, route };
        action.SetAction(async (parse, cancellationToken) =>
        {
            var app = AppProject.Find(parse.GetValue(CommonOptions.Config));
            var words = Words(parse.GetValue(name)!);
            var className = ClassName(words);
            var actionName = string.Join('-', words);
            var httpMethod = parse.GetValue(method)!;
            var folder = Path.Combine(Path.GetDirectoryName(app.ProjectPath)!, "Actions");
            var path = Path.Combine(folder, className + ".cs");
            // Case-insensitively: the SDK refuses two Compile items that differ only in case (and so do some file systems).
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder).FirstOrDefault(f => Path.GetFileName(f).Equals(className + ".cs", StringComparison.OrdinalIgnoreCase)) is { } existing)
                throw new CliException($"{Path.GetRelativePath(Directory.GetCurrentDirectory(), existing)} exists");
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

    private static string ClassName(List<string> words) => string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static List<string> Words(string name) =>
        name.Contains('-', StringComparison.Ordinal)
            ? [.. name.Split('-').Select(w => w.ToLowerInvariant())]
            : [.. PascalWord().Matches(name).Select(m => m.Value.ToLowerInvariant())];

    [GeneratedRegex(@"^([a-z][a-z0-9]*(-[a-z0-9]+)*|[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^(/[A-Za-z0-9\-._~]*)+$")]
    private static partial Regex RoutePath();

    [GeneratedRegex(@"[A-Z][a-z0-9]*|[a-z0-9]+")]
    private static partial Regex PascalWord();
}
