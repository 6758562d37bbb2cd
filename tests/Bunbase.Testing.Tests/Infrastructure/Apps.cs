using Bunbase.Testing.Tests.App;

namespace Bunbase.Testing.Tests.Infrastructure;

/// <summary>The test app on a fresh embedded file: one per test class (<c>IClassFixture</c>).</summary>
public sealed class EmbeddedApp() : BunbaseTestApp(typeof(CreateNote).Assembly), IAsyncLifetime;

/// <summary>The test app on a PostgreSQL database of its own, with Redis (a key prefix of its own).</summary>
public sealed class PostgresApp() : BunbaseTestApp(typeof(CreateNote).Assembly, new BunbaseTestAppOptions { DatabaseUrl = TestServers.DatabaseUrl, RedisUrl = TestServers.RedisUrl }), IAsyncLifetime;

/// <summary>One app shared by the test classes of a collection.</summary>
[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<EmbeddedApp>
{
    public const string Name = "shared app";
}
