using Bunbase.Runtime.Auth.Guards;

namespace Bunbase.Runtime.Realtime;

/// <summary>One <see cref="ChannelAttribute"/>: the channels it opens and who may use them.</summary>
/// <param name="Pattern">The exact name, or a prefix when <paramref name="IsPrefix"/>.</param>
/// <param name="IsPrefix">Declared with a trailing <c>*</c>.</param>
/// <param name="Guards">The class's session, role and permission guards.</param>
/// <param name="Check">The class itself when it derives from <see cref="ChannelGuard"/>.</param>
/// <param name="ClientPublish">Clients may publish.</param>
/// <param name="Presence">Subscribers are tracked as members.</param>
/// <param name="Location">The declaring class, for messages.</param>
internal sealed record ChannelRule(string Pattern, bool IsPrefix, GuardPlan Guards, Type? Check, bool ClientPublish, bool Presence, string Location)
{
    public bool Matches(string channel) =>
        IsPrefix ? channel.StartsWith(Pattern, StringComparison.Ordinal) : channel == Pattern;
}
