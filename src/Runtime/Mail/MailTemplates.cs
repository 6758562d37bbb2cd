using System.Collections.Frozen;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// The app's templates, read and parsed at start from <c>mail.templatesPath</c>: <c>NAME.subject</c>,
/// <c>NAME.txt</c> and <c>NAME.html</c>, any of them, make template NAME. A malformed one stops start-up.
/// Built-in templates (the accounts module's) are used for the names the folder does not have.
/// </summary>
internal sealed class MailTemplates
{
    private readonly FrozenDictionary<string, Set> _byName;

    private MailTemplates(FrozenDictionary<string, Set> byName) => _byName = byName;

    /// <summary>The parts of one template (each may be missing).</summary>
    public sealed record Set(MailTemplate? Subject, MailTemplate? Text, MailTemplate? Html);

    public IEnumerable<string> Names => _byName.Keys;

    /// <param name="directory">The app's folder (<c>mail.templatesPath</c>).</param>
    /// <param name="builtIn">Files by name (<c>NAME.subject</c>, ...) and text, used for each NAME the folder has no file of.</param>
    public static MailTemplates Load(string directory, IReadOnlyDictionary<string, string>? builtIn = null)
    {
        var sets = new Dictionary<string, (MailTemplate? Subject, MailTemplate? Text, MailTemplate? Html)>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                Add(sets, Path.GetFileName(file), () => File.ReadAllText(file));
        }

        var own = sets.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (file, text) in builtIn ?? new Dictionary<string, string>())
        {
            if (!own.Contains(Path.GetFileNameWithoutExtension(file)))
                Add(sets, file, () => text);
        }

        return new MailTemplates(sets.ToFrozenDictionary(p => p.Key, p => new Set(p.Value.Subject, p.Value.Text, p.Value.Html), StringComparer.Ordinal));
    }

    private static void Add(Dictionary<string, (MailTemplate? Subject, MailTemplate? Text, MailTemplate? Html)> sets, string file, Func<string> read)
    {
        var extension = Path.GetExtension(file);
        if (extension is not (".subject" or ".txt" or ".html"))
            return;
        var name = Path.GetFileNameWithoutExtension(file);
        MailTemplate template;
        try
        {
            template = MailTemplate.Parse(read(), "mail template " + file);
        }
        catch (FormatException ex)
        {
            throw new StartupException(ex.Message);
        }

        sets.TryGetValue(name, out var set);
        sets[name] = extension switch
        {
            ".subject" => set with { Subject = template },
            ".txt" => set with { Text = template },
            _ => set with { Html = template },
        };
    }

    /// <summary>Template <paramref name="name"/>; an unknown name is the app's mistake (its message names the folder's templates).</summary>
    public Set Get(string name) =>
        _byName.TryGetValue(name, out var set)
            ? set
            : throw new MailTemplateException($"no mail template '{name}' (templates: {(_byName.Count == 0 ? "none" : string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal)))})");
}
