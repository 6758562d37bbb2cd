using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunbase.Testing;

/// <content>The configuration file of the fixture: the app's own, with what isolates it put over it.</content>
public partial class BunbaseTestApp
{
    /// <summary>
    /// Writes the app's configuration with: a unique name (its Redis prefix and session issuer), a loopback
    /// listener on a free port, the fixture's embedded file, migrations applied at start, a random session
    /// key, no database or Redis URL but the fixture's, no drain at shutdown and warnings-only logs.
    /// Relative paths (migrations, seeds) still resolve against the app's folder: the content root.
    /// </summary>
    private async Task<(string Config, string ContentRoot)> WriteConfigAsync(string directory, string embeddedPath, CancellationToken cancellationToken)
    {
        var source = _options.ConfigPath ?? Path.Combine(AppContext.BaseDirectory, "bunbase.config.json");
        if (_options.ConfigPath is not null && !File.Exists(source))
            throw new FileNotFoundException($"BunbaseTestAppOptions.ConfigPath: {source} does not exist.", source);
        var config = File.Exists(source)
            ? JsonNode.Parse(await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? []
            : [];
        var name = config["name"]?.GetValueKind() == JsonValueKind.String ? config["name"]!.GetValue<string>() : _assembly.GetName().Name ?? "app";
        Name = $"{name}-test-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        config["name"] = Name;
        config["host"] = "127.0.0.1";
        config["port"] = 0;
        config["shutdownDrainMs"] = 0;

        var database = Section(config, "database");
        database.Remove("url");
        database.Remove("readReplicas");
        database["embeddedPath"] = embeddedPath;
        database["migrateOnStart"] = true;
        Section(config, "redis").Remove("url");
        // Mail is written to the fixture's folder, where app.Mail reads it: a test never sends real mail.
        var mail = Section(config, "mail");
        mail["transport"] = "file";
        mail["filePath"] = Path.Combine(directory, "mail");
        if (Section(config, "kv").ContainsKey("prefix"))
            config["kv"]!["prefix"] = Name + ":kv:";
        var auth = Section(config, "auth");
        auth.Remove("keys");
        auth["sessionSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var logging = Section(Section(config, "observability"), "logging");
        logging["level"] ??= "Warning";

        var path = Path.Combine(directory, "bunbase.config.json");
        await File.WriteAllTextAsync(path, config.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return (path, Path.GetDirectoryName(Path.GetFullPath(source))!);
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject section)
            return section;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
