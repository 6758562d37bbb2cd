using System.Collections.Frozen;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Mail;

/// <summary>
/// The app's templates, read and parsed at start from <c>mail.templatesPath</c>: <c>NAME.subject</c>,
/// <c>NAME.txt</c> and <c>NAME.html</c>, any of them, make template NAME. A malformed one stops start-up.
/// </summary>
internal sealed class MailTemplates
{
    private readonly FrozenDictionary<string, Set> _byName;

    private MailTemplates(FrozenDictionary<string, Set> byName) => _byName = byName;

    /// <summary>The parts of one template (each may be missing).</summary>
    public sealed record Set(MailTemplate? Subject, MailTemplate? Text, MailTemplate? Html);

    public IEnumerable<string> Names => _byName.Keys;

    public static MailTemplates Load(string directory)
    {
        var sets = new Dictionary<string, (MailTemplate? Subject, MailTemplate? Text, MailTemplate? Html)>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                var extension = Path.GetExtension(file);
                if (extension is not (".subject" or ".txt" or ".html"))
                    continue;
                var name = Path.GetFileNameWithoutExtension(file);
                MailTemplate template;
                try
                {
                    template = MailTemplate.Parse(File.ReadAllText(file), "mail template " + Path.GetFileName(file));
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
        }

        return new MailTemplates(sets.ToFrozenDictionary(p => p.Key, p => new Set(p.Value.Subject, p.Value.Text, p.Value.Html), StringComparer.Ordinal));
    }

    /// <summary>Template <paramref name="name"/>; an unknown name is the app's mistake (its message names the folder's templates).</summary>
    public Set Get(string name) =>
        _byName.TryGetValue(name, out var set)
            ? set
            : throw new MailTemplateException($"no mail template '{name}' (templates: {(_byName.Count == 0 ? "none" : string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal)))})");
}
