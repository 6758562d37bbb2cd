using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Configuration from environment variables: first the platform-conventional ones (<c>PORT</c>,
/// <c>DATABASE_URL</c>, <c>REDIS_URL</c>), then <c>BUNBASE__SECTION__KEY</c>, which wins. It
/// remembers which variable set each key so that errors can name it.
/// </summary>
internal sealed class EnvironmentOverrides(IDictionary environment) : ConfigurationProvider, IConfigurationSource
{
    internal const string Prefix = "BUNBASE__";

    private static readonly IReadOnlyDictionary<string, string> KeyByWellKnownVariable = new Dictionary<string, string>
    {
        ["PORT"] = "port",
        ["DATABASE_URL"] = "database:url",
        ["REDIS_URL"] = "redis:url",
    };

    private readonly Dictionary<string, string> _variableByKey = new(StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load()
    {
        foreach (var (variable, key) in KeyByWellKnownVariable)
        {
            if (environment[variable] is string { Length: > 0 } value)
                Set(key, value, variable);
        }

        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string variable && variable.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
                Set(variable[Prefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), value, variable);
        }
    }

    /// <summary>The variable that supplied a key.</summary>
    public string VariableFor(string key) => _variableByKey.GetValueOrDefault(key, key);

    private void Set(string key, string value, string variable)
    {
        Data[key] = value;
        _variableByKey[key] = variable;
    }
}
