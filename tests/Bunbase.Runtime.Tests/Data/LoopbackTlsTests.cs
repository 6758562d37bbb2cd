using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bunbase.Runtime.Tests.Data;

public sealed class LoopbackTlsTests
{
    [Theory]
    [InlineData("postgres://u:p@127.0.0.1:5432/db")]
    [InlineData("postgres://u:p@127.1.2.3/db")]
    [InlineData("postgresql://u@localhost/db")]
    [InlineData("postgres://u@[::1]:5433/db")]
    [InlineData("Host=localhost;Username=u;Database=d")]
    [InlineData("Host=/var/run/postgresql;Username=u")]
    [InlineData("Host=127.0.0.1:5432,localhost:5433;Username=u")]
    public void A_loopback_location_that_says_nothing_about_tls_is_read_without_it(string location)
    {
        Assert.Equal(SslMode.Disable, DatabaseUrl.Parse(location, "database.url").SslMode);
    }

    [Theory]
    [InlineData("postgres://u:p@db.internal:5432/db")]
    [InlineData("postgres://u:p@10.0.0.5/db")]
    [InlineData("Host=db.internal;Username=u")]
    [InlineData("Host=127.0.0.1,db.internal;Username=u")]
    [InlineData("postgres://u:p@localhost.example.com/db")]
    public void A_remote_host_keeps_npgsql_s_default(string location)
    {
        Assert.Equal(new NpgsqlConnectionStringBuilder().SslMode, DatabaseUrl.Parse(location, "database.url").SslMode);
    }

    [Theory]
    [InlineData("postgres://u:p@127.0.0.1/db?sslmode=prefer", SslMode.Prefer)]
    [InlineData("postgres://u:p@localhost/db?sslmode=require", SslMode.Require)]
    [InlineData("Host=127.0.0.1;Username=u;SSL Mode=Prefer", SslMode.Prefer)]
    [InlineData("Host=localhost;Username=u;SslMode=Require", SslMode.Require)]
    [InlineData("postgres://u:p@db.internal/db?sslmode=disable", SslMode.Disable)]
    public void An_explicit_ssl_mode_is_kept(string location, SslMode expected)
    {
        Assert.Equal(expected, DatabaseUrl.Parse(location, "database.url").SslMode);
    }

    [Fact]
    public async Task A_loopback_connection_of_the_runtime_is_unencrypted_and_an_explicit_sslmode_still_gets_tls()
    {
        // The test server has ssl=on, so Npgsql's default (Prefer) would encrypt.
        Assert.False(await ConnectionUsesTlsAsync(TestServices.DatabaseUrl));
        Assert.True(await ConnectionUsesTlsAsync(TestServices.DatabaseUrl + "?sslmode=prefer"));
    }

    private static async Task<bool> ConnectionUsesTlsAsync(string url)
    {
        var options = new DatabaseOptions { Multiplexing = false };
        await using var source = PostgresDataSources.Build(DatabaseUrl.Parse(url, "database.url"), options, "tls-test", NullLoggerFactory.Instance);
        await using var command = source.CreateCommand("select coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
