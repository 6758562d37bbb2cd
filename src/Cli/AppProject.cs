using System.Text.Json;

namespace Bunbase.Cli;

/// <summary>The configuration file and the application project it names.</summary>
internal sealed record AppProject(string ConfigPath, string ProjectPath)
{
    public string Directory => Path.GetDirectoryName(ConfigPath)!;

    public static AppProject Find(string? config) =>
        TryFind(config) ?? throw new CliException($"no *.csproj beside {FindConfig(config)}; set \"project\" in it");

    /// <summary>The app of the configuration, or null when there is no project beside it and it names none (a folder of SQL files only).</summary>
    public static AppProject? TryFind(string? config)
    {
        var configPath = FindConfig(config);
        var directory = Path.GetDirectoryName(configPath)!;
        var project = ReadProject(configPath);
        var projectPath = project is not null
            ? Path.GetFullPath(Path.Combine(directory, project))
            : System.IO.Directory.GetFiles(directory, "*.csproj") switch
            {
                [var only] => only,
                [] => null,
                _ => throw new CliException($"several *.csproj beside {configPath}; set \"project\" in it"),
            };
        if (projectPath is null)
            return null;
        if (!File.Exists(projectPath))
            throw new CliException($"\"project\" in {configPath} names '{project}', which does not exist");
        return new AppProject(configPath, projectPath);
    }

    /// <summary>The configuration file named by <c>--config PATH</c> (default <c>./bunbase.config.json</c>); it must exist.</summary>
    public static string FindConfig(string? config)
    {
        var explicitConfig = config is not null;
        var configPath = Path.GetFullPath(config ?? "bunbase.config.json");
        if (explicitConfig && System.IO.Directory.Exists(configPath))
            throw new CliException($"configuration file '{configPath}' is a folder; name the file (e.g. --config {Path.Combine(config!, "bunbase.config.json")})");
        if (!File.Exists(configPath))
        {
            throw new CliException(explicitConfig
                ? $"configuration file '{configPath}' does not exist"
                : $"no bunbase.config.json in {Path.GetDirectoryName(configPath)} (run from the app's folder or pass --config PATH)");
        }

        return configPath;
    }

    private static string? ReadProject(string configPath)
    {
        var bytes = File.ReadAllBytes(configPath);
        if (System.Text.Encoding.UTF8.GetString(bytes).Trim().Length == 0)
            throw new CliException($"{configPath} is empty; write {{}} in it for the defaults");
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("project", StringComparison.OrdinalIgnoreCase))
                    return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw new CliException($"\"project\" in {configPath} must be a string");
            }

            return null;
        }
        catch (JsonException ex)
        {
            // The line and column an editor shows (the parser counts from 0), and the parser's reason without its own position.
            var reason = ex.Message.Split(" LineNumber:", 2)[0];
            var at = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
            throw new CliException($"{configPath} is not valid JSON{at}: {reason}");
        }
    }
}
