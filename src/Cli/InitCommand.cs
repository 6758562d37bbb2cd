using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase init NAME</c>: the app <c>dotnet new bunbase -n NAME</c> creates, from the same files
/// (the template's folder is embedded in the tool), with the same replacements.
/// </summary>
internal static partial class InitCommand
{
    private const string Prefix = "template/";

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The app's name: its project, namespace and folder (letters, digits, '_' and '.')" };
        name.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !ValidName().IsMatch(result.Tokens[0].Value))
                result.AddError($"'{result.Tokens[0].Value}' cannot name a C# project and namespace: use letters, digits, '_' and '.', starting with a letter (e.g. Acme.Shop)");
        });
        var tests = new Option<bool>("--tests") { Description = "Add tests/NAME.Tests, an xunit project that hosts the app in-process" };
        var output = new Option<string?>("--output", "-o") { Description = "The folder to create (default: ./NAME)", HelpName = "DIR" };
        var command = new Command("init", "Create a new app (the same files as `dotnet new bunbase -n NAME`)") { name, tests, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var appName = parse.GetValue(name)!;
            var folder = Path.GetFullPath(parse.GetValue(output) ?? appName);
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new CliException($"{folder} exists and is not empty");
            var written = await WriteAsync(folder, appName, parse.GetValue(tests), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), folder)} ({written} files); next: cd {Path.GetRelativePath(Directory.GetCurrentDirectory(), folder)} && bunbase dev");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Writes the template's files for <paramref name="appName"/> into <paramref name="folder"/>.</summary>
    public static async Task<int> WriteAsync(string folder, string appName, bool tests, CancellationToken cancellationToken)
    {
        var assembly = typeof(InitCommand).Assembly;
        var count = 0;
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = resource[Prefix.Length..];
            if (!tests && relative.StartsWith("tests/", StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var text = Replace(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), appName);
            var path = Path.Combine(folder, Replace(relative, appName));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
            count++;
        }

        // A tool built without templates/ beside src/ (a partial source copy) carries no files to write.
        return count > 0 ? count : throw new CliException("this build of the tool carries no template (it was built without templates/bunbase); use dotnet new bunbase", ExitCodes.Failed);
    }

    /// <summary>
    /// The template's replacements (.template.config/template.json): sourceName, the lower-case app name, the
    /// deploy name (lower case, '.' as '-': a Docker Compose project and image name), the package version.
    /// </summary>
    private static string Replace(string text, string appName) =>
        text.Replace("StarterApp1", appName, StringComparison.Ordinal)
            .Replace("starter-app-name", appName.ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("starter-deploy-name", appName.ToLowerInvariant().Replace('.', '-'), StringComparison.Ordinal)
            .Replace("BUNBASE_VERSION", PackageVersion, StringComparison.Ordinal);

    /// <summary>This tool's version, which is the version of the packages it was released with.</summary>
    public static string PackageVersion { get; } =
        (typeof(InitCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0").Split('+')[0];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")]
    private static partial Regex ValidName();
}
