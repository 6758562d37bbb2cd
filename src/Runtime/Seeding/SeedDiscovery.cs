using System.Reflection;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Seeding;

/// <summary>Finds the app's C# seeds: every concrete <see cref="DataSeed"/> with a valid <see cref="SeedAttribute"/>.</summary>
internal static class SeedDiscovery
{
    /// <remarks>The app was built first, so action discovery has already refused an assembly whose types cannot load.</remarks>
    public static IReadOnlyList<SeedType> Discover(Assembly assembly) => Discover(assembly.GetTypes());

    /// <summary>The seeds among <paramref name="types"/>, in version order; every mistake is named at once.</summary>
    public static IReadOnlyList<SeedType> Discover(IEnumerable<Type> types)
    {
        var seeds = new List<SeedType>();
        var problems = new List<string>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(DataSeed).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var name = type.GetCustomAttribute<SeedAttribute>()?.Name;
            if (name is null)
                problems.Add($"seed {type.FullName} has no [Seed(\"NNNN_name\")]: name it so it has a place among the seeds");
            else if (!MigrationFolder.IsValidName(name) || !long.TryParse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
                problems.Add($"seed {type.FullName}: [Seed(\"{name}\")] must look like 0002_demo_users (a number, '_', letters, digits, '_' or '-')");
            else if (seeds.FirstOrDefault(s => s.Version == version) is { } other)
                problems.Add($"seeds {other.Type.FullName} and {type.FullName} have the same version {version}; renumber one of them");
            else
                seeds.Add(new SeedType(type, name, version));
        }

        if (problems.Count > 0)
            throw new StartupException(string.Join("; ", problems));
        return [.. seeds.OrderBy(s => s.Version)];
    }
}
