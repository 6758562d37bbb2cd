namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>The end-to-end tests share one packing and installation, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class InstalledPackagesCollection : ICollectionFixture<InstalledPackages>
{
    public const string Name = "installed packages";
}
