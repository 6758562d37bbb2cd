using System.Collections;
using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Configuration;

/// <summary><c>observability.*</c>: defaults, overrides, and a clear line for every bad value.</summary>
public sealed class ObservabilityOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-config-").FullName;

    private string ConfigPath => Path.Combine(_directory, "bunbase.config.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_turn_metrics_and_tracing_on_with_nothing_exported()
    {
        var options = ConfigurationLoader.Load(ConfigPath, configPathWasExplicit: false, new Hashtable()).Observability;

        Assert.True(options.Enabled);
        Assert.True(options.Metrics.Enabled);
        Assert.Equal("/_metrics", options.Metrics.Path);
        Assert.True(options.Metrics.IncludeDefaultMetrics);
        Assert.Equal([0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000], options.Metrics.BucketsMs);
        Assert.Equal(LogLevel.Information, options.Logging.Level);
        Assert.Null(options.Logging.Format);
        Assert.Null(options.Logging.Otlp.Endpoint);
        Assert.True(options.Tracing.Enabled);
        Assert.Equal(1.0, options.Tracing.SamplingRate);
        Assert.Null(options.Tracing.Otlp.Endpoint);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Tracing.Otlp.Protocol);
        Assert.Equal(10_000, options.Tracing.Otlp.TimeoutMs);
    }

    [Fact]
    public void Every_key_binds_from_the_file()
    {
        File.WriteAllText(ConfigPath, """
            { "observability": {
                "enabled": true,
                "metrics": { "enabled": false, "path": "/m", "includeDefaultMetrics": false, "bucketsMs": [1, 5, 50] },
                "logging": { "level": "Debug", "format": "text", "otlp": { "endpoint": "http://collector:4318" } },
                "tracing": { "samplingRate": 0.25, "otlp": { "endpoint": "https://collector:4317", "protocol": "grpc", "headers": "a=1,b=2", "timeoutMs": 2000, "maxQueueSize": 4096 } } } }
            """);

        var options = Load().Observability;

        Assert.False(options.Metrics.Enabled);
        Assert.Equal("/m", options.Metrics.Path);
        Assert.False(options.Metrics.IncludeDefaultMetrics);
        Assert.Equal([1, 5, 50], options.Metrics.BucketsMs);
        Assert.Equal(LogLevel.Debug, options.Logging.Level);
        Assert.Equal(LogFormat.Text, options.Logging.Format);
        Assert.Equal("http://collector:4318", options.Logging.Otlp.Endpoint);
        Assert.Equal(0.25, options.Tracing.SamplingRate);
        Assert.Equal(OtlpProtocol.Grpc, options.Tracing.Otlp.Protocol);
        Assert.Equal("a=1,b=2", options.Tracing.Otlp.Headers);
        Assert.Equal(2000, options.Tracing.Otlp.TimeoutMs);
        Assert.Equal(4096, options.Tracing.Otlp.MaxQueueSize);
        Assert.Equal(8192, options.Logging.Otlp.MaxQueueSize);
    }

    [Fact]
    public void Environment_variables_override_them()
    {
        var options = Load(new Hashtable
        {
            ["BUNBASE__OBSERVABILITY__ENABLED"] = "false",
            ["BUNBASE__OBSERVABILITY__METRICS__BUCKETSMS"] = "1,2,3",
            ["BUNBASE__OBSERVABILITY__LOGGING__FORMAT"] = "Json",
            ["BUNBASE__OBSERVABILITY__TRACING__OTLP__ENDPOINT"] = "http://localhost:4318",
        }).Observability;

        Assert.False(options.Enabled);
        Assert.Equal([1, 2, 3], options.Metrics.BucketsMs);
        Assert.Equal(LogFormat.Json, options.Logging.Format);
        Assert.Equal("http://localhost:4318", options.Tracing.Otlp.Endpoint);
    }

    [Theory]
    [InlineData("""{ "metrics": { "bucketsMs": [5, 1] } }""", "'observability.metrics.bucketsMs'", "positive numbers in increasing order")]
    [InlineData("""{ "metrics": { "bucketsMs": [0, 1] } }""", "'observability.metrics.bucketsMs'", "positive numbers in increasing order")]
    [InlineData("""{ "metrics": { "bucketsMs": [1, 1] } }""", "'observability.metrics.bucketsMs'", "positive numbers in increasing order")]
    [InlineData("""{ "metrics": { "bucketsMs": ["fast"] } }""", "'observability.metrics.bucketsMs'", "must hold a number values (got 'fast')")]
    [InlineData("""{ "metrics": { "path": "metrics" } }""", "'observability.metrics.path'", "does not match")]
    [InlineData("""{ "metrics": { "enabled": "yes" } }""", "'observability.metrics.enabled'", "must be true or false")]
    [InlineData("""{ "logging": { "level": "Loud" } }""", "'observability.logging.level'", "one of Trace, Debug, Information, Warning, Error, Critical, None")]
    [InlineData("""{ "logging": { "format": "xml" } }""", "'observability.logging.format'", "one of Json, Text")]
    [InlineData("""{ "tracing": { "samplingRate": 1.5 } }""", "'observability.tracing.samplingRate'", "1.5 is outside 0..1")]
    [InlineData("""{ "tracing": { "samplingRate": -0.1 } }""", "'observability.tracing.samplingRate'", "is outside 0..1")]
    [InlineData("""{ "tracing": { "otlp": { "endpoint": "collector:4318" } } }""", "'observability.tracing.otlp.endpoint'", "absolute http:// or https:// URL")]
    [InlineData("""{ "tracing": { "otlp": { "endpoint": "ftp://collector" } } }""", "'observability.tracing.otlp.endpoint'", "absolute http:// or https:// URL")]
    [InlineData("""{ "tracing": { "otlp": { "protocol": "udp" } } }""", "'observability.tracing.otlp.protocol'", "one of HttpProtobuf, Grpc")]
    [InlineData("""{ "tracing": { "otlp": { "timeoutMs": 5 } } }""", "'observability.tracing.otlp.timeoutMs'", "5 is outside 100..600000")]
    [InlineData("""{ "tracing": { "otlp": { "maxQueueSize": 100 } } }""", "'observability.tracing.otlp.maxQueueSize'", "100 is outside 512..1048576")]
    [InlineData("""{ "logging": { "otlp": { "maxQueueSize": 0 } } }""", "'observability.logging.otlp.maxQueueSize'", "0 is outside 512..1048576")]
    [InlineData("""{ "logging": { "otlp": { "endpoint": "not a url" } } }""", "'observability.logging.otlp.endpoint'", "absolute http:// or https:// URL")]
    [InlineData("""{ "tracing": { "exporter": "otlp" } }""", "unknown key 'observability.tracing.exporter'", "known keys here: enabled, samplingRate, otlp")]
    public void A_bad_value_stops_start_up_naming_the_key_and_the_file(string observability, string key, string reason)
    {
        File.WriteAllText(ConfigPath, $$"""{ "observability": {{observability}} }""");

        var error = Assert.Throws<StartupException>(() => Load());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(ConfigPath, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api-key")]
    [InlineData("=secret-token")]
    [InlineData("x-api key=secret-token")]
    public void Bad_otlp_headers_are_refused_without_repeating_them(string headers)
    {
        var error = Assert.Throws<StartupException>(() => Load(new Hashtable { ["BUNBASE__OBSERVABILITY__TRACING__OTLP__HEADERS"] = headers }));

        Assert.Contains("'observability.tracing.otlp.headers' in environment variable BUNBASE__OBSERVABILITY__TRACING__OTLP__HEADERS", error.Message, StringComparison.Ordinal);
        Assert.Contains("name=value pairs", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_endpoint_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<StartupException>(() => Load(new Hashtable { ["BUNBASE__OBSERVABILITY__TRACING__OTLP__ENDPOINT"] = "user:hunter2@collector" }));

        Assert.Contains("'observability.tracing.otlp.endpoint'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private BunbaseOptions Load(IDictionary? environment = null)
    {
        if (!File.Exists(ConfigPath))
            File.WriteAllText(ConfigPath, "{}");
        return ConfigurationLoader.Load(ConfigPath, configPathWasExplicit: true, environment ?? new Hashtable());
    }
}
