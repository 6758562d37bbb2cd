using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>An input member as the client sends it: where (path, query, header, cookie or body) and under which name.</summary>
internal sealed record ClientParameter(ClientMember Member, BindingSource Source, string RequestName, Type? ElementType, bool IsCatchAll);
