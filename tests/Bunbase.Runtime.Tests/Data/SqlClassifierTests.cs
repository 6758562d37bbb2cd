using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Tests.Data;

public sealed class SqlClassifierTests
{
    [Theory]
    [InlineData("select id, name from users where id = @Id")]
    [InlineData("  SELECT 1")]
    [InlineData("-- the newest first\nselect * from notes order by id desc limit 10")]
    [InlineData("/* a /* nested */ comment */ select 1")]
    [InlineData("with recent as (select * from notes) select count(*) from recent")]
    [InlineData("select pg_is_in_recovery()")]
    [InlineData("select 'insert into t values (1); drop table t' as text")]
    [InlineData("select \"update\" from \"delete\"")]
    [InlineData("select $$ delete from t $$")]
    [InlineData("select $body$ update t set x = 1 $body$")]
    [InlineData("select * from t where a = $1")]
    [InlineData("select * from t where status = @update and x::text = :set")]
    [InlineData("select E'it\\'s; delete' as s")]
    [InlineData("values (1), (2)")]
    [InlineData("show server_version")]
    [InlineData("select 1;")]
    public void Statements_that_only_read_may_go_to_a_replica(string sql) =>
        Assert.True(SqlClassifier.IsRead(sql));

    [Theory]
    [InlineData("insert into notes (title) values (@Title) returning id")]
    [InlineData("update users set name = @Name")]
    [InlineData("delete from notes")]
    [InlineData("with gone as (delete from notes returning id) select count(*) from gone")]
    [InlineData("select * from jobs for update skip locked")]
    [InlineData("select * from t for no key update")]
    [InlineData("select * from t for share")]
    [InlineData("select * into copy_of_t from t")]
    [InlineData("select nextval('seq')")]
    [InlineData("select pg_advisory_lock(1)")]
    [InlineData("select set_config('x', '1', false)")]
    [InlineData("select 1; delete from t")]
    [InlineData("create table t (id int)")]
    [InlineData("(select 1)")]
    [InlineData("call do_things()")]
    [InlineData("")]
    [InlineData("   ")]
    public void Everything_else_goes_to_the_primary(string sql) =>
        Assert.False(SqlClassifier.IsRead(sql));
}
