using System.Collections;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Configuration;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-config-").FullName;

    private string ConfigPath => Path.Combine(_directory, "bunbase.config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_apply_when_there_is_no_file()
    {
        var options = ConfigurationLoader.Load(ConfigPath, configPathWasExplicit: false, new Hashtable());

        Assert.Equal(3000, options.Port);
        Assert.Equal(10 * 1024 * 1024, options.MaxRequestBodySize);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Null(options.Database.Url);
    }

    [Fact]
    public void File_values_bind_case_insensitively()
    {
        File.WriteAllText(ConfigPath, """{ "name": "shop", "PORT": 4000, "maxRequestBodySize": 1024, "database": { "url": "postgres://db/shop" } }""");

        var options = Load();

        Assert.Equal("shop", options.Name);
        Assert.Equal(4000, options.Port);
        Assert.Equal(1024, options.MaxRequestBodySize);
        Assert.Equal("postgres://db/shop", options.Database.Url);
    }

    [Fact]
    public void Well_known_variables_override_the_file_and_prefixed_variables_override_them()
    {
        File.WriteAllText(ConfigPath, """{ "port": 4000 }""");

        var fromPort = Load(new Hashtable { ["PORT"] = "5000", ["DATABASE_URL"] = "postgres://a/b", ["REDIS_URL"] = "redis://r:6379" });
        var fromPrefixed = Load(new Hashtable { ["PORT"] = "5000", ["BUNBASE__PORT"] = "6000", ["BUNBASE__DATABASE__URL"] = "postgres://c/d" });

        Assert.Equal(5000, fromPort.Port);
        Assert.Equal("postgres://a/b", fromPort.Database.Url);
        Assert.Equal("redis://r:6379", fromPort.Redis.Url);
        Assert.Equal(6000, fromPrefixed.Port);
        Assert.Equal("postgres://c/d", fromPrefixed.Database.Url);
    }

    [Fact]
    public void Unknown_key_stops_start_up_naming_the_key_and_the_file()
    {
        File.WriteAllText(ConfigPath, """{ "prot": 4000 }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("unknown key 'prot'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Unknown_nested_key_is_named_with_its_section()
    {
        File.WriteAllText(ConfigPath, """{ "database": { "uri": "postgres://x" } }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("unknown key 'database.uri'", error.Message, StringComparison.Ordinal);
        Assert.Contains("known keys here: url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_stops_start_up_naming_the_key_the_file_and_the_value()
    {
        File.WriteAllText(ConfigPath, """{ "port": "eighty" }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("'port'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("must be an integer", error.Message, StringComparison.Ordinal);
        Assert.Contains("'eighty'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "port": 99999999999 }""", "'port'", "must be an integer from 0 to 65535 (got '99999999999')")]
    [InlineData("""{ "port": "http" }""", "'port'", "must be an integer from 0 to 65535 (got 'http')")]
    [InlineData("""{ "database": { "maxPoolSize": "many" } }""", "'database.maxPoolSize'", "must be an integer from 1 to 10000 (got 'many')")]
    public void A_value_that_is_not_a_number_names_the_range_the_key_takes(string json, string key, string message)
    {
        File.WriteAllText(ConfigPath, json);

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains($"{key} in {ConfigPath} {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_where_a_value_belongs_is_refused()
    {
        File.WriteAllText(ConfigPath, """{ "port": { "value": 1 } }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("'port'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_value_stops_start_up_naming_the_key_and_the_range()
    {
        File.WriteAllText(ConfigPath, """{ "port": 70000 }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("'port'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("70000 is outside 0..65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_value_from_the_environment_names_the_variable()
    {
        File.WriteAllText(ConfigPath, "{}");
        var error = Assert.Throws<StartupException>(() => Load(new Hashtable { ["PORT"] = "http" }));
        var prefixed = Assert.Throws<StartupException>(() => Load(new Hashtable { ["BUNBASE__SHUTDOWNTIMEOUTMS"] = "-5" }));

        Assert.Contains("environment variable PORT", error.Message, StringComparison.Ordinal);
        Assert.Contains("environment variable BUNBASE__SHUTDOWNTIMEOUTMS", prefixed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_file_is_one_clear_line()
    {
        File.WriteAllText(ConfigPath, """{ "port": 3000, """);

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Malformed_json_file_names_the_line_of_the_mistake()
    {
        File.WriteAllText(ConfigPath, "{\n  \"port\": 3000,\n  \"name\": \n}\n");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("at line 4, column 1:", error.Message, StringComparison.Ordinal); // counted from 1, as editors do
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Empty_file_is_refused_with_what_would_do()
    {
        File.WriteAllText(ConfigPath, "  \n");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("{}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_config_path_that_is_a_folder_is_refused_as_a_folder()
    {
        var error = Assert.Throws<StartupException>(() => ConfigurationLoader.Load(_directory, configPathWasExplicit: true, new Hashtable()));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_config_path_that_does_not_exist_is_refused()
    {
        var error = Assert.Throws<StartupException>(() => ConfigurationLoader.Load(ConfigPath, configPathWasExplicit: true, new Hashtable()));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        File.WriteAllText(ConfigPath, """{ "prot": 1, "host2": "x" }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains("'prot'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'host2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_of_objects_binds_from_the_file()
    {
        File.WriteAllText(ConfigPath, """{ "auth": { "keys": [ { "id": "k2", "secret": "second" }, { "id": "k1", "secret": "first" } ] } }""");

        var keys = Load().Auth.Keys;

        Assert.Equal(["k2", "k1"], keys.Select(k => k.Id));
        Assert.Equal(["second", "first"], keys.Select(k => k.Secret));
    }

    [Fact]
    public void An_array_of_objects_binds_from_the_environment_one_variable_per_field()
    {
        File.WriteAllText(ConfigPath, """{ "auth": { "keys": [ { "id": "k1", "secret": "from-file" } ] } }""");

        var keys = Load(new Hashtable
        {
            ["BUNBASE__AUTH__KEYS__0__SECRET"] = "from-env",
            ["BUNBASE__AUTH__KEYS__1__ID"] = "k0",
            ["BUNBASE__AUTH__KEYS__1__SECRET"] = "older",
        }).Auth.Keys;

        Assert.Equal(["k1", "k0"], keys.Select(k => k.Id));
        Assert.Equal(["from-env", "older"], keys.Select(k => k.Secret));
    }

    [Theory]
    [InlineData("""{ "auth": { "keys": "k1:s3cr3t-value" } }""", "'auth.keys'", "must be an array of objects")]
    [InlineData("""{ "auth": { "keys": [ "s3cr3t-value" ] } }""", "'auth.keys.0'", "must be an object")]
    [InlineData("""{ "auth": { "keys": [ { "id": "k1", "secert": "s3cr3t-value" } ] } }""", "unknown key 'auth.keys.0.secert'", "known keys here: id, secret")]
    [InlineData("""{ "auth": { "keys": [ { "secret": "s3cr3t-value" } ] } }""", "'auth.keys.0.id'", "a value is required")]
    [InlineData("""{ "auth": { "keys": [ { "id": "not an id!", "secret": "s3cr3t-value" } ] } }""", "'auth.keys.0.id'", "does not match")]
    public void A_bad_array_of_objects_is_one_line_that_never_echoes_a_secret(string json, string key, string reason)
    {
        File.WriteAllText(ConfigPath, json);

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_array_of_objects_as_one_environment_variable_is_refused_with_the_way_to_set_it()
    {
        File.WriteAllText(ConfigPath, "{}");

        var error = Assert.Throws<StartupException>(() => Load(new Hashtable { ["BUNBASE__AUTH__KEYS"] = "k1:s3cr3t-value" }));

        Assert.Contains("environment variable BUNBASE__AUTH__KEYS", error.Message, StringComparison.Ordinal);
        Assert.Contains("BUNBASE__AUTH__KEYS__0__NAME", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATABASE_URL", "postgres://")]
    [InlineData("DATABASE_URL", "postgres://app:s3cr3t@/shop")]
    [InlineData("DATABASE_URL", "postgres://app:s3cr3t@127.0.0.1:notaport/shop")]
    [InlineData("DATABASE_URL", "postgres://app:s3cr3t@127.0.0.1:99999/shop")]
    [InlineData("DATABASE_URL", "mysql://app:s3cr3t@127.0.0.1/shop")]
    [InlineData("BUNBASE__DATABASE__URL", "Password=s3cr3t;not a connection string")]
    [InlineData("BUNBASE__DATABASE__READREPLICAS", "postgres://app:s3cr3t@replica/shop,http://app:s3cr3t@replica")]
    [InlineData("REDIS_URL", "http://:s3cr3t@127.0.0.1:6379")]
    [InlineData("REDIS_URL", "redis://:s3cr3t@127.0.0.1:notaport")]
    [InlineData("BUNBASE__REDIS__URL", "localhost:6379")]
    public void A_malformed_database_or_redis_url_names_the_variable_and_never_its_password(string variable, string value)
    {
        File.WriteAllText(ConfigPath, "{}");

        var error = Assert.Throws<StartupException>(() => Load(new Hashtable { [variable] = value }));

        Assert.Contains("environment variable " + variable, error.Message, StringComparison.Ordinal);
        Assert.Contains(variable.Contains("REDIS", StringComparison.Ordinal) ? "redis://" : "postgres://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://app:pw@db.internal:5433/shop?sslmode=require")]
    [InlineData("postgresql://db/shop")]
    [InlineData("Host=db;Username=app;Password=pw;Database=shop")]
    public void A_database_url_or_connection_string_is_accepted(string value)
    {
        File.WriteAllText(ConfigPath, "{}");

        var options = Load(new Hashtable { ["DATABASE_URL"] = value, ["REDIS_URL"] = "rediss://:pw@cache:6380/2" });

        Assert.Equal(value, options.Database.Url);
    }

    private BunbaseOptions Load(IDictionary? environment = null) =>
        ConfigurationLoader.Load(ConfigPath, configPathWasExplicit: true, environment ?? new Hashtable());
}
