namespace Bunbase.Cli.Tests;

/// <summary>Where the repository and the built fixture app are, found from the test's own location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The fixture app's assembly, built by this test project's reference.</summary>
    public static string TestAppAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "Bunbase.TestApp.dll");

    /// <summary>A random session secret: the fixture app has guarded actions, so outside Development it needs one.</summary>
    public static string SessionSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runtime.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }
}
