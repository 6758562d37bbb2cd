using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Bunbase.Runtime.Data;

/// <summary>
/// How rows map to records on both engines: <c>created_at</c> matches <c>CreatedAt</c>; a
/// <see cref="DateTimeOffset"/> is written in UTC (what <c>timestamptz</c> stores) and read back
/// from PostgreSQL's UTC <see cref="DateTime"/> or SQLite's text; a <see cref="Guid"/> is a
/// <c>uuid</c> on PostgreSQL and readable text on SQLite; numbers and booleans convert between
/// widths when read (SQLite returns every integer as a 64-bit one, <c>count(*)</c> is a
/// <c>bigint</c>), so a record's <c>int</c>, <c>bool</c> or <c>decimal</c> parameter matches
/// either engine's column (an overflow throws). Dapper's settings are process-wide, so these are
/// registered once.
/// </summary>
internal static class DapperConventions
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        // Dapper binds its built-in types itself unless their type map entry is removed.
        foreach (var type in (Type[])[typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(Guid), typeof(Guid?)])
            SqlMapper.RemoveTypeMap(type);
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new GuidHandler());

        // These keep Dapper's own parameter binding (their type map stays); the handlers only widen reading.
        SqlMapper.AddTypeHandler(new ConvertingHandler<bool>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<short>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<int>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<long>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<decimal>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<double>());
        SqlMapper.AddTypeHandler(new ConvertingHandler<float>());
    }

    private sealed class ConvertingHandler<T> : SqlMapper.TypeHandler<T>
        where T : struct, IConvertible
    {
        public override void SetValue(IDbDataParameter parameter, T value) => parameter.Value = value;

        public override T Parse(object value) => value is T same ? same : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = parameter is SqliteParameter ? value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : value.ToUniversalTime();
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset moment => moment,
            DateTime { Kind: DateTimeKind.Unspecified } local => new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)),
            DateTime time => new DateTimeOffset(time),
            long unixMilliseconds => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), // SQLite columns of times as numbers
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            _ => throw new InvalidCastException($"Cannot read a {value.GetType().Name} as a DateTimeOffset."),
        };
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.Value = value;
            }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.Parse(text),
            byte[] { Length: 16 } bytes => new Guid(bytes),
            _ => throw new InvalidCastException($"Cannot read a {value.GetType().Name} as a Guid."),
        };
    }
}
