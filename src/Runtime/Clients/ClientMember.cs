using System.Reflection;

namespace Bunbase.Runtime.Clients;

/// <summary>
/// One member of a type on the wire: its JSON name, CLR property and type, whether it must be present or may be
/// null, and, for an output member written as a response header, the header's name.
/// </summary>
internal sealed record ClientMember(string JsonName, PropertyInfo Property, Type Type, bool IsRequired, bool IsNullable, string? ResponseHeader = null)
{
    public string ClrName => Property.Name;
}
