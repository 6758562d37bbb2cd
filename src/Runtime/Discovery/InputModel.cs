using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// How an action's input is put together from a request: each member's source and request name,
/// how it is parsed, and how the input object is constructed. Built once at start.
/// </summary>
internal sealed class InputModel
{
    private readonly Func<object?[], object> _construct;
    private readonly int _constructorArity;

    private InputModel(Type type, ImmutableArray<InputMember> members, Func<object?[], object> construct, int constructorArity)
    {
        Type = type;
        Members = members;
        OutsideBody = members.Where(m => m.Source != BindingSource.Body).ToImmutableArray();
        BodyMembers = members.Where(m => m.Source == BindingSource.Body).ToImmutableArray();
        _construct = construct;
        _constructorArity = constructorArity;
    }

    public Type Type { get; }

    public ImmutableArray<InputMember> Members { get; }

    /// <summary>Members read from the path, query, headers or cookies.</summary>
    public ImmutableArray<InputMember> OutsideBody { get; }

    public ImmutableArray<InputMember> BodyMembers { get; }

    public bool HasBody => !BodyMembers.IsEmpty;

    /// <summary>Builds an input with no body from its members' values (null where absent: the default applies).</summary>
    public object Construct(object?[] values)
    {
        var arguments = new object?[_constructorArity];
        foreach (var member in Members)
        {
            if (member.ConstructorIndex >= 0)
                arguments[member.ConstructorIndex] = values[member.Index] ?? member.DefaultValue;
        }

        var input = _construct(arguments);
        foreach (var member in Members)
        {
            if (member.ConstructorIndex < 0 && values[member.Index] is { } value)
                member.Set(input, value);
        }

        return input;
    }

    public static InputModel Build(Type type, HttpTrigger? http, List<string> errors, string location)
    {
        var constructor = MemberRules.DeserializationConstructor(type);
        if (constructor is null && type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add($"{location}: input type {type.Name} needs a public constructor (a positional record is simplest)");
            return Empty(type);
        }

        var routeParameters = http?.Route.Parameters ?? [];
        var readsBodyByDefault = http is null || http.Method is "POST" or "PUT" or "PATCH";
        var members = ImmutableArray.CreateBuilder<InputMember>();
        var boundRouteParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
                continue;
            var parameter = MemberRules.ConstructorParameter(constructor, property);
            var jsonName = MemberRules.JsonName(property);
            var declared = MemberRules.Attribute<BindingSourceAttribute>(property, parameter);
            var routeParameter = routeParameters.FirstOrDefault(p =>
                string.Equals(p.Name, declared is FromPathAttribute { Name: { } n } ? n : property.Name, StringComparison.OrdinalIgnoreCase));

            BindingSource source;
            string requestName;
            switch (declared)
            {
                case FromPathAttribute path:
                    source = BindingSource.Path;
                    requestName = routeParameter?.Name ?? path.Name ?? property.Name;
                    if (routeParameter is null)
                        errors.Add($"{location}: input property {property.Name} is [FromPath] but the route '{http?.Route.Text}' has no parameter '{requestName}'");
                    break;
                case FromQueryAttribute query:
                    (source, requestName) = (BindingSource.Query, query.Name ?? jsonName);
                    break;
                case FromHeaderAttribute header:
                    (source, requestName) = (BindingSource.Header, header.Name ?? property.Name);
                    break;
                case FromCookieAttribute cookie:
                    (source, requestName) = (BindingSource.Cookie, cookie.Name ?? jsonName);
                    break;
                case FromBodyAttribute:
                    (source, requestName) = (BindingSource.Body, jsonName);
                    if (!readsBodyByDefault)
                        errors.Add($"{location}: input property {property.Name} is [FromBody] but {http!.Method} requests have no body");
                    break;
                default:
                    (source, requestName) = routeParameter is not null
                        ? (BindingSource.Path, routeParameter.Name)
                        : readsBodyByDefault ? (BindingSource.Body, jsonName) : (BindingSource.Query, jsonName);
                    break;
            }

            if (source == BindingSource.Path && routeParameter is not null)
            {
                boundRouteParameters.Add(routeParameter.Name);
                if (routeParameter.Constraint is { } constraint && !RouteTemplate.Admits(constraint, property.PropertyType))
                    errors.Add($"{location}: route parameter '{{{routeParameter.Name}:{constraint}}}' does not fit input property {property.Name} of type {property.PropertyType.Name}");
            }

            var elementType = source == BindingSource.Body ? null : CollectionTypes.ElementType(property.PropertyType);
            if (elementType is not null && source is BindingSource.Path or BindingSource.Cookie)
                errors.Add($"{location}: input property {property.Name} is a collection and cannot bind from the {source.ToString().ToLowerInvariant()}");
            ScalarParser? parser = null;
            if (source != BindingSource.Body)
            {
                parser = ScalarParser.For(elementType ?? property.PropertyType);
                if (parser is null)
                    errors.Add($"{location}: input property {property.Name} of type {property.PropertyType.Name} cannot bind from the {source.ToString().ToLowerInvariant()}; only scalars (and arrays of them from the query) can");
            }

            members.Add(new InputMember(
                index: members.Count,
                property,
                parameter,
                jsonName,
                source,
                requestName,
                isRequired: MemberRules.IsRequired(property, parameter)
                    || (source == BindingSource.Path && routeParameter is { IsOptional: false, IsCatchAll: false }),
                parser,
                elementType,
                constructorIndex: parameter?.Position ?? -1));
        }

        foreach (var unbound in routeParameters.Where(p => !boundRouteParameters.Contains(p.Name)))
            errors.Add($"{location}: route parameter '{unbound.Name}' has no input property of that name in {type.Name}");

        var built = members.ToImmutable();
        var hasBody = built.Any(m => m.Source == BindingSource.Body);
        foreach (var member in built)
        {
            var needsSetter = hasBody ? member.Source != BindingSource.Body : member.ConstructorIndex < 0;
            if (needsSetter && member.Property.SetMethod is null)
                errors.Add($"{location}: input property {member.Property.Name} binds from the {member.Source.ToString().ToLowerInvariant()} and needs a set or init accessor");
        }

        return new InputModel(type, built, CompileConstructor(type, constructor), constructor?.GetParameters().Length ?? 0);
    }

    private static InputModel Empty(Type type) => new(type, [], _ => throw new InvalidOperationException("unbuildable input"), 0);

    private static Func<object?[], object> CompileConstructor(Type type, ConstructorInfo? constructor)
    {
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        Expression create = constructor is null
            ? Expression.New(type)
            : Expression.New(constructor, constructor.GetParameters().Select((p, i) =>
                Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        // Compiled on the first request that builds this input, not at start (see PropertyAccessors).
        var compile = PropertyAccessors.Compiled(Expression.Lambda<Func<object?[], object>>(Expression.Convert(create, typeof(object)), arguments));
        return values => compile()(values);
    }
}
