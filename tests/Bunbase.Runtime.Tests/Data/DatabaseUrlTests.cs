using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Data;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void A_url_becomes_host_port_database_user_and_password()
    {
        var settings = DatabaseUrl.Parse("postgres://app%40corp:p%3Ass@db.internal:6543/shop?sslmode=require&application_name=web", "database.url");

        Assert.Equal("db.internal", settings.Host);
        Assert.Equal(6543, settings.Port);
        Assert.Equal("shop", settings.Database);
        Assert.Equal("app@corp", settings.Username);
        Assert.Equal("p:ss", settings.Password);
        Assert.Equal(Npgsql.SslMode.Require, settings.SslMode);
        Assert.Equal("web", settings.ApplicationName);
    }

    [Fact]
    public void The_default_port_is_5432_and_a_connection_string_is_accepted_too()
    {
        Assert.Equal(5432, DatabaseUrl.Parse("postgresql://u@localhost/db", "database.url").Port);
        Assert.Equal("h", DatabaseUrl.Parse("Host=h;Username=u;Database=d", "database.url").Host);
    }

    [Theory]
    [InlineData("mysql://u:secret@h/db")]
    [InlineData("postgres://u:secret@/db")]
    [InlineData("postgres://u:secret@h/db?no_such_setting=1")]
    public void A_bad_url_is_refused_without_its_password(string url)
    {
        var error = Assert.Throws<StartupException>(() => DatabaseUrl.Parse(url, "database.url"));

        Assert.Contains("database.url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_name_host_port_and_database_but_never_the_password()
    {
        var settings = DatabaseUrl.Parse("postgres://u:secret@h:1234/db", "database.url");

        Assert.Equal("h:1234/db", DatabaseUrl.Describe(settings));
        Assert.Equal("postgres://u:***@h:1234/db", DatabaseUrl.Redact("postgres://u:secret@h:1234/db"));
    }

    [Fact]
    public void Timeouts_in_milliseconds_become_npgsql_seconds_rounded_up_and_the_exact_statement_timeout()
    {
        var options = new DatabaseOptions { ConnectTimeoutMs = 1_500, CommandTimeoutMs = 250, MaxPoolSize = 7, Multiplexing = false };
        using var source = PostgresDataSources.Build(DatabaseUrl.Parse("postgres://u:p@h/db", "database.url"), options, "app", Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.Equal(2, settings.Timeout);
        Assert.Equal(1 + 5, settings.CommandTimeout);
        Assert.Contains("statement_timeout=250", settings.Options, StringComparison.Ordinal);
        Assert.Equal(7, settings.MaxPoolSize);
        Assert.False(settings.Multiplexing);
        Assert.Equal("app", settings.ApplicationName);
    }

    [Fact]
    public void Replicas_need_a_primary_url()
    {
        var error = Assert.Throws<StartupException>(() => DatabaseFactory.Validate(new DatabaseOptions { ReadReplicas = ["postgres://u:p@h/db"] }));

        Assert.Contains("database.readReplicas needs database.url", error.Message, StringComparison.Ordinal);
    }
}
