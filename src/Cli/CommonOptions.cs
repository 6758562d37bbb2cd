using System.CommandLine;

namespace Bunbase.Cli;

/// <summary>Options every command accepts.</summary>
internal static class CommonOptions
{
    /// <summary><c>--config PATH</c>: the app's configuration file (default <c>./bunbase.config.json</c>).</summary>
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "The app's configuration file (default: ./bunbase.config.json); the app is the project it names, else the one *.csproj beside it",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary>A positive <c>--limit N</c> up to 10000.</summary>
    public static Option<int> Limit(int defaultValue) => NumericOptions.Whole(
        new Option<int>("--limit")
        {
            Description = $"At most this many (1 to 10000; default {defaultValue})",
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
        },
        min: 1,
        max: 10_000);

    /// <summary>
    /// Restricts <paramref name="option"/> to <paramref name="values"/>: anything else is one line
    /// naming the option, the values it takes and what it got (exit code 2), as for numbers.
    /// </summary>
    public static Option<T> OneOf<T>(Option<T> option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var value && !values.Contains(value, StringComparer.Ordinal))
                result.AddError($"{option.Name} must be one of {string.Join(", ", values)}, not '{value}'");
        });
        return option;
    }
}
