using Bunbase.Runtime.Data;
using Bunbase.Runtime.Kv;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Data;

public sealed class RuntimeSchemaTests
{
    [Fact]
    public async Task On_postgresql_every_capability_s_tables_are_created_in_one_transaction_at_start()
    {
        await using var app = await KitApp.StartAsync(postgres: true);
        var database = app.Services.GetRequiredService<Database>();

        // Rows written by one transaction share its id (xmin): one lock and one commit for all of them.
        var tables = await ScalarAsync<long>(database, "select count(*) from pg_class where relkind = 'r' and relname like 'bunbase\\_%' and relname <> 'bunbase_migrations'");
        var transactions = await ScalarAsync<long>(database, "select count(distinct xmin::text) from pg_class where relkind = 'r' and relname like 'bunbase\\_%' and relname <> 'bunbase_migrations'");

        Assert.True(tables >= 5, $"{tables} runtime tables");
        Assert.Equal(1, transactions);
    }

    [Fact]
    public async Task After_start_a_capability_s_ensure_runs_its_ddl_again()
    {
        await using var app = await KitApp.StartAsync(postgres: true);
        var database = app.Services.GetRequiredService<Database>();
        await ScalarAsync<int>(database, "drop table bunbase_kv; select 1");

        await SqlKeyValueStore.EnsureSchemaAsync(database, CancellationToken.None);

        Assert.Equal(1, await ScalarAsync<long>(database, "select count(*) from pg_class where relname = 'bunbase_kv'"));
    }

    private static async Task<T> ScalarAsync<T>(Database database, string sql)
    {
        await using var command = database.PrimarySource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
