using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>
/// What a client is generated from: the catalog's HTTP-triggered actions as operations (in route order),
/// and every object and enum type they send or receive, named without dots (<c>ListTasks.Output</c> is
/// <c>ListTasksOutput</c>). Names that collide are numbered in the order of the types' full names, so the
/// same app always gives the same names.
/// </summary>
internal sealed class ClientModel
{
    private readonly Dictionary<Type, ClientType> _types;

    private ClientModel(string appName, ImmutableArray<ClientOperation> operations, Dictionary<Type, ClientType> types)
    {
        AppName = appName;
        Operations = operations;
        _types = types;
    }

    /// <summary>The app's assembly name (the C# namespace defaults to it, with <c>.Client</c>).</summary>
    public string AppName { get; }

    public ImmutableArray<ClientOperation> Operations { get; }

    /// <summary>The named types, by name.</summary>
    public IEnumerable<ClientType> Types => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>Whether the action takes a <see cref="FileUpload"/> or answers with a <see cref="FileDownload"/>.</summary>
    public static bool TransfersFiles(ActionDescriptor action) =>
        action.OutputType == typeof(FileDownload) || action.Input.Members.Any(m => m.Type == typeof(FileUpload));

    public ClientType Named(Type type) => _types[Nullable.GetUnderlyingType(type) ?? type];

    /// <param name="catalog">The app's actions.</param>
    /// <param name="reserved">Names the language's generated code uses itself; a type with one of them is numbered.</param>
    public static ClientModel Build(ActionCatalog catalog, IReadOnlySet<string> reserved)
    {
        // File uploads and downloads are not JSON: the typed clients leave them out for now (call them with fetch/FormData or HttpClient).
        var actions = catalog.Actions.Where(a => a.Http is not null && !TransfersFiles(a))
            .OrderBy(a => a.Http!.Route.RouterPattern, StringComparer.Ordinal).ThenBy(a => a.Http!.Method, StringComparer.Ordinal)
            .ToList();
        var found = new Dictionary<Type, ImmutableArray<ClientMember>>();
        var functionNames = new HashSet<string>(StringComparer.Ordinal);
        var operations = ImmutableArray.CreateBuilder<ClientOperation>();
        foreach (var action in actions.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var http = action.Http!;
            var parameters = action.Input.Members.Select(m => new ClientParameter(
                new ClientMember(m.JsonName, m.Property, m.Type, m.IsRequired, MemberRules.IsNullable(m.Property)),
                m.Source,
                m.RequestName,
                m.ElementType,
                http.Route.Parameters.Any(p => p.IsCatchAll && string.Equals(p.Name, m.RequestName, StringComparison.OrdinalIgnoreCase)))).ToImmutableArray();
            if (!parameters.IsEmpty)
                Walk(action.InputType, found);
            Type? result = http.HasResponseBody ? action.OutputType : null;
            if (result is not null)
                Walk(result, found);
            var headers = action.Output.Headers.Select(h => new ClientMember(
                MemberRules.JsonName(h.Property), h.Property, h.Property.PropertyType, IsRequired: false, MemberRules.IsNullable(h.Property), h.Name)).ToImmutableArray();
            operations.Add(new ClientOperation(
                action,
                Unique(FunctionName(action.Name), functionNames),
                http.Method,
                http.Route.RouterPattern.Replace("?}", "}", StringComparison.Ordinal),
                http.SuccessStatus,
                action.InputType,
                parameters,
                result,
                result is null ? [] : headers,
                action.Guards.RequiresSession));
        }

        var order = actions.Select((a, i) => (a.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var sorted = operations.OrderBy(o => order[o.Action.Name]).ToImmutableArray();
        // Named for the app's assembly, not the runtime's (whose modules' actions, accounts, may come first).
        var app = catalog.Actions.Select(a => a.HandlerType.Assembly).FirstOrDefault(a => a != typeof(ClientModel).Assembly);
        return new ClientModel(app?.GetName().Name ?? "Bunbase", sorted, Name(found, reserved));
    }

    private static Dictionary<Type, ClientType> Name(Dictionary<Type, ImmutableArray<ClientMember>> found, IReadOnlySet<string> reserved)
    {
        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        var types = new Dictionary<Type, ClientType>();
        foreach (var (type, baseName) in found.Keys.Select(t => (t, BaseName(t))).OrderBy(p => p.Item2, StringComparer.Ordinal).ThenBy(p => p.t.FullName, StringComparer.Ordinal))
        {
            var name = Unique(baseName, taken);
            var enumNames = type.IsEnum ? Foundation.TypeDescriptions.EnumNames(type).ToImmutableArray() : [];
            types[type] = new ClientType(type, name, found[type], enumNames);
        }

        return types;
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }

    /// <summary>Records the object and enum types reachable from a type, with their wire members.</summary>
    private static void Walk(Type type, Dictionary<Type, ImmutableArray<ClientMember>> found)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (WireTypes.Kind(type))
        {
            case WireKind.Enum when !found.ContainsKey(type):
                found[type] = [];
                break;
            case WireKind.Array:
                Walk(WireTypes.ElementType(type), found);
                break;
            case WireKind.Dictionary:
                Walk(WireTypes.DictionaryValueType(type)!, found);
                break;
            case WireKind.Object when !found.ContainsKey(type):
                found[type] = []; // before its members: recursive types end here
                var members = Members(type);
                found[type] = members;
                foreach (var member in members)
                    Walk(member.Type, found);
                break;
        }
    }

    /// <summary>The members the JSON contract reads and writes, plus those an output writes as response headers (cookies are the browser's).</summary>
    private static ImmutableArray<ClientMember> Members(Type type)
    {
        var constructor = MemberRules.DeserializationConstructor(type);
        var members = ImmutableArray.CreateBuilder<ClientMember>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
                continue;
            var parameter = MemberRules.ConstructorParameter(constructor, property);
            if (MemberRules.Attribute<ResponseCookieAttribute>(property, parameter) is not null)
                continue;
            var header = MemberRules.Attribute<ResponseHeaderAttribute>(property, parameter)?.Name;
            members.Add(new ClientMember(
                MemberRules.JsonName(property),
                property,
                property.PropertyType,
                header is null && MemberRules.IsRequired(property, parameter),
                MemberRules.IsNullable(property),
                header));
        }

        return members.ToImmutable();
    }

    /// <summary><c>CreateTask.Input</c> is <c>CreateTaskInput</c>; generic arguments are appended (<c>PageTaskItem</c>).</summary>
    private static string BaseName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
            name = name[..tick] + string.Concat(type.GetGenericArguments().Select(BaseName));
        name = Identifier(name, upperFirst: true);
        return type.DeclaringType is { } outer && !type.IsGenericParameter ? BaseName(outer) + name : name;
    }

    /// <summary><c>create-task</c> is <c>createTask</c>; a module's <c>notes.create</c> is <c>notesCreate</c>.</summary>
    public static string FunctionName(string actionName) => Identifier(actionName, upperFirst: false);

    public static string Identifier(string text, bool upperFirst)
    {
        var builder = new StringBuilder(text.Length);
        var upperNext = upperFirst;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upperNext = builder.Length > 0 || upperFirst;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : builder.Length == 0 && !upperFirst ? char.ToLowerInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
            builder.Insert(0, upperFirst ? 'T' : 'a');
        return builder.ToString();
    }
}
