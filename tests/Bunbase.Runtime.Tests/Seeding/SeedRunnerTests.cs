using System.Collections;
using Bunbase.Runtime.Seeding;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Bunbase.TestApp.Actions;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Seeding;

/// <summary>
/// C# seeds with the SQL seed files, through the runner the app uses for <c>bunbase seed</c>, on the
/// embedded file and on PostgreSQL: version order, once each, all or nothing per seed.
/// </summary>
public sealed class SeedRunnerTests
{
    [Fact]
    public async Task Sql_files_and_csharp_seeds_apply_once_in_version_order_on_the_embedded_file()
    {
        await using var server = await AppServer.StartAsync();
        var root = SeedFolder(server);
        await File.WriteAllTextAsync(Path.Combine(root, "0001_people.sql"), "create table people (name text not null);\n");
        await File.WriteAllTextAsync(Path.Combine(root, "0003_more_people.sql"), "insert into people (name) values ('third');\n");

        var (code, output) = await RunAsync(server, "run", Seed<AddsPeople>("0002_add_people"));

        Assert.Equal(0, code);
        Assert.Matches(@"applied 0001_people[^\n]*\n[^\n]*applied 0002_add_people[^\n]*\n[^\n]*applied 0003_more_people", output);
        Assert.Equal(["Ada", "Grace", "third"], await PeopleAsync(server));

        // Applied once: the second run finds nothing to do, and status lists all three.
        Assert.Contains("seeds are up to date", (await RunAsync(server, "run", Seed<AddsPeople>("0002_add_people"))).Output, StringComparison.Ordinal);
        var status = await RunAsync(server, "status", Seed<AddsPeople>("0002_add_people"));
        Assert.Equal(0, status.Code);
        Assert.Matches(@"0002_add_people\s+applied", status.Output);
        Assert.Equal(3, await PeopleCountAsync(server));
    }

    [Fact]
    public async Task A_seed_that_throws_leaves_nothing_and_is_not_recorded()
    {
        await using var server = await AppServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(SeedFolder(server), "0001_people.sql"), "create table people (name text not null);\n");

        var (code, output) = await RunAsync(server, "run", Seed<AddsPeopleThenFails>("0002_then_fails"));

        Assert.Equal(2, code);
        Assert.Contains("0002_then_fails (Bunbase.Runtime.Tests.Seeding.SeedRunnerTests.AddsPeopleThenFails) failed, nothing of it was applied: InvalidOperationException: half way", output, StringComparison.Ordinal);
        Assert.Empty(await PeopleAsync(server)); // its rows were rolled back with it
        var status = await RunAsync(server, "status", Seed<AddsPeopleThenFails>("0002_then_fails"));
        Assert.Matches(@"0001_people\s+applied", status.Output);
        Assert.Matches(@"0002_then_fails\s+pending", status.Output);
    }

    [Fact]
    public async Task An_action_called_by_a_seed_validates_its_input_and_its_refusal_fails_the_seed()
    {
        await using var server = await AppServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(SeedFolder(server), "0001_people.sql"), "create table people (name text not null);\n");

        var (code, output) = await RunAsync(server, "run", Seed<CallsEchoWithBadInput>("0002_bad_call"));

        Assert.Equal(2, code);
        Assert.Contains("0002_bad_call", output, StringComparison.Ordinal);
        Assert.Contains("an action's input is not valid: name:", output, StringComparison.Ordinal);
        Assert.Empty(await PeopleAsync(server));
    }

    [Fact]
    public async Task A_version_used_by_a_file_and_a_csharp_seed_is_refused_before_anything_applies()
    {
        await using var server = await AppServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(SeedFolder(server), "0001_people.sql"), "create table people (name text not null);\n");

        var (code, output) = await RunAsync(server, "run", Seed<AddsPeople>("0001_add_people"));

        Assert.Equal(2, code);
        Assert.Contains("have the same version 1; renumber one of them", output, StringComparison.Ordinal);
        Assert.Matches(@"0001_people\s+pending", (await RunAsync(server, "status")).Output);
    }

    [Fact]
    public async Task On_postgresql_actions_a_seed_calls_write_in_its_transaction_and_roll_back_with_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await AppServer.StartAsync(variables: new Hashtable { ["DATABASE_URL"] = database.Url });
        await File.WriteAllTextAsync(Path.Combine(SeedFolder(server), "0001_probes.sql"), "create table probes (id bigint generated always as identity primary key, note text not null);\n");

        // The failing seed's action wrote a row and read it back (same session); the failure undoes it.
        var failed = await RunAsync(server, "run", Seed<WritesThroughActionThenFails>("0002_fails"));
        Assert.Equal(2, failed.Code);
        Assert.Contains("0002_fails", failed.Output, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from probes"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from bunbase_seeds"));

        var applied = await RunAsync(server, "run", Seed<WritesThroughAction>("0002_writes"));
        Assert.Equal(0, applied.Code);
        Assert.Equal("seeded", await database.ScalarAsync<string>("select note from probes"));
        Assert.Equal("csharp:" + typeof(WritesThroughAction).FullName, await database.ScalarAsync<string>("select checksum from bunbase_seeds where version = 2"));
    }

    [Fact]
    public async Task An_action_a_seed_calls_publishes_to_a_channel_and_finds_the_realtime_tables_on_postgresql()
    {
        // `--seed` does not start the host, so nothing else creates the tables: drop those the start made.
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await AppServer.StartAsync(variables: new Hashtable { ["DATABASE_URL"] = database.Url });
        await database.ExecuteAsync("drop table bunbase_realtime_channels, bunbase_realtime_messages, bunbase_realtime_presence");

        var applied = await RunAsync(server, "run", Seed<PublishesToChannel>("0001_publishes"));

        Assert.True(applied.Code == 0, applied.Output);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from bunbase_realtime_messages where channel = 'public:seeded'"));
    }

    [Fact]
    public void Discovery_refuses_a_seed_without_a_name_a_bad_name_and_a_shared_version()
    {
        var error = Assert.Throws<StartupException>(() => SeedDiscovery.Discover([typeof(Unnamed), typeof(BadlyNamed), typeof(FirstOfTwo), typeof(SecondOfTwo)]));

        Assert.Contains($"seed {typeof(Unnamed).FullName} has no [Seed(\"NNNN_name\")]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[Seed(\"demo users\")] must look like 0002_demo_users", error.Message, StringComparison.Ordinal);
        Assert.Contains("have the same version 7; renumber one of them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_reads_each_seed_s_name_and_version_and_orders_them_by_version()
    {
        var seeds = SeedDiscovery.Discover([typeof(Later), typeof(FirstOfTwo)]);

        Assert.Equal([("0007_first", 7L), ("0010_later", 10L)], seeds.Select(s => (s.Name, s.Version)));
    }

    private static SeedType Seed<T>(string name)
        where T : DataSeed =>
        new(typeof(T), name, long.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));

    private static string SeedFolder(AppServer server)
    {
        var folder = Path.Combine(server.Services.GetRequiredService<IHostEnvironment>().ContentRootPath, "seeds");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<(int Code, string Output)> RunAsync(AppServer server, string command, params SeedType[] seeds)
    {
        using var output = new StringWriter();
        var code = await SeedRunner.RunAsync(server.Services, seeds, command, output, output, CancellationToken.None);
        return (code, output.ToString());
    }

    private static async Task<List<string>> PeopleAsync(AppServer server)
    {
        var db = server.Services.GetRequiredService<Bunbase.Runtime.Data.Database>().CreateSession(CancellationToken.None);
        return [.. await db.QueryAsync<string>("select name from people order by name")];
    }

    private static async Task<long> PeopleCountAsync(AppServer server) => (await PeopleAsync(server)).Count;

    public sealed class AddsPeople : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
        {
            await context.Db.ExecuteAsync("insert into people (name) values ('Ada')", cancellationToken: cancellationToken);
            // Through an action: validated, and its output comes back.
            var echoed = await context.CallAsync(new Echo.Payload("Grace", 1), cancellationToken);
            await context.Db.ExecuteAsync("insert into people (name) values (@Name)", echoed, cancellationToken);
        }
    }

    public sealed class AddsPeopleThenFails : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
        {
            await context.Db.ExecuteAsync("insert into people (name) values ('Ada')", cancellationToken: cancellationToken);
            throw new InvalidOperationException("half way");
        }
    }

    public sealed class CallsEchoWithBadInput : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
        {
            await context.Db.ExecuteAsync("insert into people (name) values ('Ada')", cancellationToken: cancellationToken);
            await context.CallAsync(new Echo.Payload("", 1), cancellationToken);
        }
    }

    public sealed class WritesThroughAction : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
        {
            var written = await context.CallAsync(new DbWriteThenRead.Input("seeded"), cancellationToken);
            Assert.True(written.Found);
        }
    }

    public sealed class WritesThroughActionThenFails : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
        {
            var written = await context.CallAsync(new DbWriteThenRead.Input("rolled back"), cancellationToken);
            Assert.True(written.Found); // the seed's session sees the action's write
            throw new InvalidOperationException("after the action wrote");
        }
    }

    public sealed class PublishesToChannel : DataSeed
    {
        public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken) =>
            await context.CallAsync(new PublishToChannel.Input("public:seeded", "said", "from a seed"), cancellationToken);
    }

    public sealed class Unnamed : DataSeed
    {
        public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Seed("demo users")]
    public sealed class BadlyNamed : DataSeed
    {
        public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Seed("0007_first")]
    public sealed class FirstOfTwo : DataSeed
    {
        public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Seed("0010_later")]
    public sealed class Later : DataSeed
    {
        public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Seed("0007_second")]
    public sealed class SecondOfTwo : DataSeed
    {
        public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
