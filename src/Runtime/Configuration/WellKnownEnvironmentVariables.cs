using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Maps the platform-conventional variables (<c>PORT</c>, <c>DATABASE_URL</c>, <c>REDIS_URL</c>)
/// onto their keys, and remembers which variable set which key so errors can name it.
/// </summary>
internal sealed class WellKnownEnvironmentVariables : ConfigurationProvider, IConfigurationSource
{
    internal static readonly IReadOnlyDictionary<string, string> KeyByVariable = new Dictionary<string, string>
    {
        ["PORT"] = "port",
        ["DATABASE_URL"] = "database:url",
        ["REDIS_URL"] = "redis:url",
    };

    private readonly IDictionary _environment;

    public WellKnownEnvironmentVariables(IDictionary environment) => _environment = environment;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load()
    {
        foreach (var (variable, key) in KeyByVariable)
        {
            if (_environment[variable] is string value && value.Length > 0)
                Data[key] = value;
        }
    }

    public static string VariableFor(string key) =>
        KeyByVariable.First(pair => string.Equals(pair.Value, key, StringComparison.OrdinalIgnoreCase)).Key;
}
