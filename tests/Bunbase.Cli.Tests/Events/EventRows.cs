namespace Bunbase.Cli.Tests.Events;

/// <summary>Events written straight into the store's table (created by the processes at start), numbered as the sequencer leaves them: fast for thousands.</summary>
public static class EventRows
{
    /// <summary><paramref name="perStream"/> events in each of <paramref name="streams"/> streams <c>bulk-N</c>, interleaved, positioned after those already stored.</summary>
    public static string Bulk(int streams, int perStream, int firstVersion = 1) => $$"""
        insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata)
        select (select coalesce(max(global_position), 0) from bunbase_events) + row_number() over (order by v, s),
            gen_random_uuid(), 'bulk-' || s, 'bulk', v, 'bulk-added', hashtext('bulk-' || s) & 2147483647, json_build_object('n', v)::text, '{}'
        from generate_series({{firstVersion}}, {{firstVersion + perStream - 1}}) v, generate_series(1, {{streams}}) s
        """;
}
