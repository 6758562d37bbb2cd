using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>
/// The deploy files cannot be run here (no Docker engine on CI), so their structure is checked: with
/// <c>docker compose config</c> where the client has the compose plugin, and always by reading the YAML.
/// Two sets: the repository's (docker-compose.yml, deploy/Dockerfile: the example app from source) and
/// those of an app <c>bunbase init</c> (the template) writes (docker-compose.yml, Dockerfile: from the packages).
/// </summary>
public sealed class ComposeFileTests
{
    public static TheoryData<string> Sets => ["repository", "generated app"];

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["POSTGRES_PASSWORD"] = "p",
        ["REPLICATION_PASSWORD"] = "r",
        ["BUNBASE_SESSION_SECRET"] = "s",
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Every_service_of_the_topology_is_there_with_its_image_healthcheck_and_order(string set)
    {
        var files = await DeployFiles.OfAsync(set);
        var services = Services(files);
        Assert.Equal(["app", "migrate", "nginx", "postgres", "postgres-replica", "redis"], services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        foreach (var (name, service) in services.Children)
            Assert.True(Map(service).Children.ContainsKey("image"), $"{name} has no image");

        // The app's image is built from its Dockerfile (by the migrate service, which runs first) and shared by the instances;
        // the migrate service runs the image's entry point (the app) with --migrate.
        var migrate = Map(services["migrate"]);
        Assert.Equal(files.Dockerfile, Scalar(Map(migrate["build"])["dockerfile"]));
        Assert.Equal(files.Image, Scalar(migrate["image"]));
        Assert.Equal(Scalar(migrate["image"]), Scalar(Map(services["app"])["image"]));
        Assert.Equal(["--migrate"], Sequence(migrate["command"]));
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{files.AppDll}\"]", files.DockerfileLines);

        foreach (var name in new[] { "postgres", "postgres-replica", "redis", "app", "nginx" })
            Assert.True(Map(services[name]).Children.ContainsKey("healthcheck"), $"{name} has no healthcheck");
        Assert.Equal(["dotnet", files.AppDll, "--health-check"], Sequence(Map(Map(services["app"])["healthcheck"])["test"]).Skip(1));

        Assert.Equal("service_healthy", Condition(services, "migrate", "postgres"));
        Assert.Equal("service_healthy", Condition(services, "postgres-replica", "postgres"));
        Assert.Equal("service_completed_successfully", Condition(services, "app", "migrate"));
        Assert.Equal("service_healthy", Condition(services, "app", "postgres"));
        Assert.Equal("service_healthy", Condition(services, "app", "redis"));
        Assert.Equal("service_healthy", Condition(services, "nginx", "app"));
        Assert.Equal("3", Scalar(Map(Map(services["app"])["deploy"])["replicas"]));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Instances_share_what_the_readme_says_and_secrets_come_from_the_environment(string set)
    {
        var files = await DeployFiles.OfAsync(set);
        var services = Services(files);
        var app = Map(services["app"]);
        var environment = Map(app["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());
        Assert.Contains("${POSTGRES_PASSWORD", environment["DATABASE_URL"], StringComparison.Ordinal);
        Assert.Contains("@postgres:5432/", environment["DATABASE_URL"], StringComparison.Ordinal);
        Assert.Contains("@postgres-replica:5432/", environment["BUNBASE__DATABASE__READREPLICAS"], StringComparison.Ordinal);
        Assert.Equal("redis://redis:6379", environment["REDIS_URL"]);
        Assert.StartsWith("${BUNBASE_SESSION_SECRET:?", environment["BUNBASE__AUTH__SESSIONSECRET"], StringComparison.Ordinal);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);

        // trustedProxies is nginx's own fixed address.
        var nginxAddress = Scalar(Map(Map(Map(services["nginx"])["networks"])["backend"])["ipv4_address"]);
        Assert.Equal(nginxAddress, environment["BUNBASE__TRUSTEDPROXIES"]);

        // The drain fits in the shutdown timeout, Docker waits longer than both, and nginx skips a drained instance for longer than its drain.
        var drainMs = int.Parse(environment["BUNBASE__SHUTDOWNDRAINMS"], System.Globalization.CultureInfo.InvariantCulture);
        var shutdownTimeout = TimeSpan.FromMilliseconds(new Bunbase.Runtime.Configuration.BunbaseOptions().ShutdownTimeoutMs);
        Assert.True(TimeSpan.FromMilliseconds(drainMs) < shutdownTimeout);
        Assert.True(TimeSpan.FromSeconds(int.Parse(Scalar(app["stop_grace_period"]).TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture)) > shutdownTimeout);
        Assert.True(NginxConfig.FailTimeout(File.ReadAllText(Path.Combine(files.Root, "deploy", "nginx.conf"))) > TimeSpan.FromMilliseconds(drainMs));

        // No literal secret anywhere: every password is a ${VARIABLE}.
        Assert.DoesNotMatch(new Regex(@"^\s*\w*(PASSWORD|SECRET)\w*:\s*(?!\$\{)\S", RegexOptions.Multiline), File.ReadAllText(files.Compose));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Data_lives_in_volumes_and_every_mounted_file_exists(string set)
    {
        var files = await DeployFiles.OfAsync(set);
        var root = Root(files);
        var services = Services(files);
        var declared = Map(root["volumes"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        Assert.Equal(["postgres-data", "postgres-replica-data", "redis-data"], declared.Order(StringComparer.Ordinal));
        foreach (var (name, service) in services.Children)
        {
            if (!Map(service).Children.TryGetValue("volumes", out var volumes))
                continue;
            foreach (var mount in Sequence(volumes))
            {
                var source = mount.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal))
                    Assert.True(File.Exists(Path.Combine(files.Root, source[2..])), $"{name} mounts {source}, which does not exist");
                else
                    Assert.Contains(source, declared);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task The_dockerfile_builds_on_the_sdk_runs_on_the_aspnet_image_as_non_root_and_copies_what_exists(string set)
    {
        var files = await DeployFiles.OfAsync(set);
        var dockerfile = files.DockerfileLines;
        var stages = dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", stages[1], StringComparison.Ordinal);
        var runtime = dockerfile.SkipWhile(l => l != stages[1]).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains("--health-check", StringComparison.Ordinal));
        foreach (var line in dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
                Assert.True(File.Exists(Path.Combine(files.Root, source)) || Directory.Exists(Path.Combine(files.Root, source)), $"COPY {source}: no such file");
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Docker_compose_config_accepts_the_file_where_the_compose_plugin_is_installed(string set)
    {
        // Without a docker client, or one without the compose plugin, the YAML checks above stand alone.
        if (await DockerAsync("compose", "version") is not (0, _))
            return;
        var (exitCode, error) = await DockerAsync("compose", "-f", (await DeployFiles.OfAsync(set)).Compose, "config", "--quiet");
        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task A_generated_app_gets_the_shared_nginx_and_replication_files_a_systemd_unit_and_a_docker_ignore_list()
    {
        var files = await DeployFiles.OfAsync("generated app");

        // The same files as the repository's deploy/ (which the deploy-topology test runs).
        foreach (var shared in new[] { "nginx.conf", "postgres/primary-init.sh", "postgres/replica-entrypoint.sh" })
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", shared)), File.ReadAllText(Path.Combine(files.Root, "deploy", shared)));

        var unit = File.ReadAllText(Path.Combine(files.Root, "deploy", "acme-shop@.service"));
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/acme-shop/Acme.Shop.dll", unit, StringComparison.Ordinal);
        Assert.Contains("dotnet Acme.Shop.dll --migrate", unit, StringComparison.Ordinal);
        Assert.Contains("TimeoutStopSec=35", unit, StringComparison.Ordinal);

        // The build context leaves out what the host built or stored, and the Dockerfile's package folder exists.
        var ignored = File.ReadAllLines(Path.Combine(files.Root, ".dockerignore"));
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "**/.bunbase/", "out/" }, ignored.ToHashSet());
        Assert.True(File.Exists(Path.Combine(files.Root, "packages", "README.md")));
        Assert.DoesNotContain("starter-", string.Concat(Directory.GetFiles(files.Root, "*", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Error)> DockerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in Secrets)
            start.Environment[key] = value;
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await output;
            await process.WaitForExitAsync();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "no docker client");
        }
    }

    private static YamlMappingNode Root(DeployFiles files)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(files.Compose);
        yaml.Load(reader);
        return Map(yaml.Documents[0].RootNode);
    }

    private static YamlMappingNode Services(DeployFiles files) => Map(Root(files)["services"]);

    private static string? Condition(YamlMappingNode services, string service, string dependency) =>
        Map(services[service]) is { } s && s.Children.TryGetValue("depends_on", out var dependsOn) && Map(dependsOn).Children.TryGetValue(dependency, out var entry)
            ? Scalar(Map(entry)["condition"])
            : null;

    private static YamlMappingNode Map(YamlNode node) => Assert.IsType<YamlMappingNode>(node);

    private static string Scalar(YamlNode node) => Assert.IsType<YamlScalarNode>(node).Value!;

    private static List<string> Sequence(YamlNode node) => [.. Assert.IsType<YamlSequenceNode>(node).Children.Select(Scalar)];
}
