namespace Bunbase.Cli.Tests;

/// <summary>Tests that build the example app through the tool run one at a time (one obj/ folder).</summary>
[CollectionDefinition(Name)]
public sealed class ExampleAppBuilds
{
    public const string Name = "builds the example app";
}
