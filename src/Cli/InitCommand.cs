using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Clients;

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
            if (result.Tokens.Count != 1)
                return;
            var text = result.Tokens[0].Value;
            if (!ValidName().IsMatch(text))
                result.AddError($"'{text}' cannot name a C# project and namespace: use letters, digits, '_' and '.', starting with a letter (e.g. Acme.Shop)");
            else if (text.Split('.').FirstOrDefault(CSharpClientWriter.Keywords.Contains) is { } keyword)
                result.AddError($"'{text}' cannot name a C# namespace: '{keyword}' is a C# keyword (e.g. Acme.Shop)");
        });
        var tests = new Option<bool>("--tests") { Description = "Add tests/NAME.Tests, an xunit project that hosts the app in-process" };
        var output = new Option<string?>("--output", "-o") { Description = "The folder to create (default: ./NAME)", HelpName = "DIR" };
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } dir && dir.Trim().Length == 0)
                result.AddError("--output must name a folder, not ''");
        });
        var command = new Command("init", "Create a new app (the same files as `dotnet new bunbase -n NAME`)") { name, tests, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var appName = parse.GetValue(name)!;
            var folder = Path.GetFullPath(parse.GetValue(output) ?? appName);
            if (File.Exists(folder))
                throw new CliException($"{folder} is a file; name a new or empty folder with --output DIR");
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new CliException($"{folder} exists and is not empty");
            var written = await WriteOrUndoAsync(folder, appName, parse.GetValue(tests), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), folder)} ({written} files); next: cd {Path.GetRelativePath(Directory.GetCurrentDirectory(), folder)} && bunbase dev");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// <see cref="WriteAsync"/>, or, when the file system refuses (no permission, no space, a file where a
    /// folder belongs), one line naming the folder, with nothing left behind: the folders this call
    /// created are removed, and in a folder that was empty the files it wrote.
    /// </summary>
    private static async Task<int> WriteOrUndoAsync(string folder, string appName, bool tests, CancellationToken cancellationToken)
    {
        var firstCreated = folder;
        for (var parent = Path.GetDirectoryName(folder); parent is not null && !Directory.Exists(parent) && !File.Exists(parent); parent = Path.GetDirectoryName(parent))
            firstCreated = parent;
        var existed = Directory.Exists(folder);
        try
        {
            return await WriteAsync(folder, appName, tests, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Undo(existed ? folder : firstCreated, keepRoot: existed);
            throw new CliException($"cannot create the app in {folder}: {ex.Message}", ExitCodes.Failed);
        }
    }

    private static void Undo(string folder, bool keepRoot)
    {
        try
        {
            if (!Directory.Exists(folder))
                return;
            if (!keepRoot)
            {
                Directory.Delete(folder, recursive: true);
                return;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one to report; what could not be removed could not be written either.
        }
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
