using System.Collections.Immutable;

namespace Bunbase.Runtime.Clients;

/// <summary>A named type of the client: an object (its members) or an enum (its wire names).</summary>
internal sealed record ClientType(Type Type, string Name, ImmutableArray<ClientMember> Members, ImmutableArray<string> EnumNames)
{
    public bool IsEnum => Type.IsEnum;
}
