using System.Text.RegularExpressions;

namespace Bunbase.Sdk.Tests;

/// <summary>
/// The SDK's public API is tracked in src/Sdk/PublicAPI.*.txt: the analyzer fails the build when a public
/// member is missing there; this checks the files themselves are in place and name every public type.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Every_public_type_of_the_sdk_is_declared_and_nothing_has_shipped_yet()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Sdk");
        var unshipped = File.ReadAllLines(Path.Combine(folder, "PublicAPI.Unshipped.txt"));
        var shipped = File.ReadAllLines(Path.Combine(folder, "PublicAPI.Shipped.txt"));

        var declared = unshipped.Select(l => Regex.Replace(l, "^((abstract|static|virtual|override|sealed|const) )+", "")).ToHashSet(StringComparer.Ordinal);
        var missing = typeof(ActionHandler<,>).Assembly.GetExportedTypes().Select(Name).Where(n => !declared.Contains(n)).ToList();

        Assert.Empty(missing);
        Assert.Equal(["#nullable enable"], shipped);
        Assert.Equal("#nullable enable", unshipped[0]);
    }

    private static string Name(Type type)
    {
        var name = type.FullName!.Replace('+', '.');
        if (!type.IsGenericTypeDefinition)
            return name;
        var arguments = string.Join(", ", type.GetGenericArguments().Select(a => a.Name));
        return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{arguments}>";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runtime.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }
}
