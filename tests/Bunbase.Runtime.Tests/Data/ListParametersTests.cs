using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Tests.Data;

public sealed class ListParametersTests
{
    private static readonly object Ids = new { Ids = new[] { 1, 2 }, IdsOld = new List<int>(), Name = "x" };

    [Theory]
    [InlineData("select 1 where id in @Ids", "select 1 where id = any(@Ids)")]
    [InlineData("select 1 where id NOT IN\n  @ids", "select 1 where id <> all(@ids)")]
    [InlineData("select 1 where id in @IdsOld and x in @Ids", "select 1 where id = any(@IdsOld) and x = any(@Ids)")]
    [InlineData("select 1 where id = any(@Ids)", "select 1 where id = any(@Ids)")]
    [InlineData("select 1 where name in @Name", "select 1 where name in @Name")]
    [InlineData("select 'in @Ids', \"in @Ids\" where id in @Ids -- in @Ids\n", "select 'in @Ids', \"in @Ids\" where id = any(@Ids) -- in @Ids\n")]
    [InlineData("select $$ in @Ids $$, $t$in @Ids$t$ /* in @Ids */ where id in @Ids", "select $$ in @Ids $$, $t$in @Ids$t$ /* in @Ids */ where id = any(@Ids)")]
    [InlineData("select 'it''s in @Ids' where id in @Ids", "select 'it''s in @Ids' where id = any(@Ids)")]
    [InlineData("select 1 where join_in @Ids", "select 1 where join_in @Ids")]
    public void On_PostgreSQL_in_a_list_becomes_any_outside_literals_and_comments(string sql, string expected) =>
        Assert.Equal(expected, ListParameters.Rewrite(DatabaseBackend.PostgreSql, sql, Ids));

    [Fact]
    public void Dictionaries_name_their_lists_and_SQLite_is_left_to_Dapper()
    {
        var parameters = new Dictionary<string, object?> { ["@Ids"] = new long[] { 1 }, ["Name"] = "x" };
        Assert.Equal("delete from t where id = any(@Ids)", ListParameters.Rewrite(DatabaseBackend.PostgreSql, "delete from t where id in @Ids", parameters));
        Assert.Equal("delete from t where id in @Ids", ListParameters.Rewrite(DatabaseBackend.Sqlite, "delete from t where id in @Ids", parameters));
        Assert.Equal("delete from t where id in @Ids", ListParameters.Rewrite(DatabaseBackend.PostgreSql, "delete from t where id in @Ids", null));
    }
}
