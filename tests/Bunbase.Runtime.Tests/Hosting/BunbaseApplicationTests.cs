using System.Collections;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Hosting;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Bunbase.Runtime.Tests.Hosting;

public sealed class BunbaseApplicationTests
{
    [Theory]
    [InlineData(""" "openapi": { "path": "/hello" } """, "openapi.path")]
    [InlineData(""" "docs": { "path": "/reference" } """, "")]
    [InlineData(""" "docs": { "path": "/bind" } """, "docs.path")]
    public async Task An_action_on_the_document_or_docs_path_stops_start_up(string config, string key)
    {
        if (key.Length == 0)
        {
            // No action lives under /reference in the fixture app: start-up goes on.
            await using var server = await AppServer.StartAsync(extraConfig: config);
            return;
        }

        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: config));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("Action '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_redis_url_stops_start_up_without_echoing_the_password()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(
            variables: new System.Collections.Hashtable { ["REDIS_URL"] = "http://user:hunter2@cache:6379" }));

        Assert.Contains("redis.url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_app_folder_is_not_watched_for_changes_unless_an_argument_asks(bool asked)
    {
        // ASP.NET Core's appsettings*.json reload watches the whole folder: every write below it (the embedded
        // file's log, stored files) woke a thread.
        var directory = Directory.CreateTempSubdirectory("bunbase-watch-").FullName;
        try
        {
            var config = Path.Combine(directory, "bunbase.config.json");
            await File.WriteAllTextAsync(config, $$"""{ "name": "watch", "auth": { "sessionSecret": "{{AppServer.SessionSecret}}" } }""");
            string[] args = asked ? ["--hostBuilder:reloadConfigOnChange=true"] : [];
            await using var app = BunbaseApplication.Build(args, typeof(Program).Assembly, new BunbaseHostOptions { ConfigPath = config, EnvironmentName = "Production", Environment = new Hashtable() });

            var appSettings = ((IConfigurationBuilder)app.Configuration).Sources.OfType<FileConfigurationSource>()
                .Where(source => source.Path?.StartsWith("appsettings", StringComparison.Ordinal) == true)
                .ToList();
            Assert.Equal(2, appSettings.Count); // appsettings.json and appsettings.Production.json, both optional
            Assert.All(appSettings, source => Assert.Equal(asked, source.ReloadOnChange));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
