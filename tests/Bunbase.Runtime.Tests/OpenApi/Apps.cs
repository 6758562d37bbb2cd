extern alias ExampleApp;
extern alias BenchApp;

using System.Reflection;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>The applications whose documents are checked: the example (template) app, the benchmark app and the fixture app.</summary>
public static class Apps
{
    public static Assembly Example { get; } = typeof(ExampleApp::Program).Assembly;

    public static Assembly Bench { get; } = typeof(BenchApp::Program).Assembly;

    public static Assembly Fixture { get; } = typeof(Program).Assembly;

    public static TheoryData<string> Names { get; } = ["example", "bench", "fixture"];

    /// <summary>
    /// What the example's bunbase.config.json turns on and its actions need (its organisation guards refuse to start
    /// without the accounts module): JSON members for <c>AppServer.StartAsync</c>.
    /// </summary>
    public const string ExampleConfig = """ "accounts": { "enabled": true } """;

    /// <summary>The example app's migrations folder, with forward slashes (it goes into JSON).</summary>
    public static string ExampleMigrations { get; } = Path.Combine(NodeTools.RepositoryRoot(), "examples", "bunbase-app", "migrations").Replace('\\', '/');

    /// <summary>The example app migrated at start, its accounts signing in without a verified email: JSON members for <c>AppServer.StartAsync</c>.</summary>
    public static string ExampleMigratedConfig { get; } = $$""" "database": { "migrateOnStart": true, "migrationsPath": "{{ExampleMigrations}}" }, "accounts": { "enabled": true, "requireVerifiedEmail": false } """;

    /// <summary>The JSON members an app of <see cref="Names"/> needs to start.</summary>
    public static string ConfigFor(string name) => name == "example" ? ExampleConfig : "";

    public static Assembly ByName(string name) => name switch
    {
        "example" => Example,
        "bench" => Bench,
        _ => Fixture,
    };
}
