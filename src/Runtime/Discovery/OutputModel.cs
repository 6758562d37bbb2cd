using System.Collections.Immutable;
using System.Reflection;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Discovery;

/// <summary>The output members written as response headers or cookies rather than body fields.</summary>
internal sealed class OutputModel
{
    private OutputModel(ImmutableArray<OutputHeader> headers, ImmutableArray<OutputCookie> cookies)
    {
        Headers = headers;
        Cookies = cookies;
    }

    public ImmutableArray<OutputHeader> Headers { get; }

    public ImmutableArray<OutputCookie> Cookies { get; }

    public bool MapsResponseMetadata => !Headers.IsEmpty || !Cookies.IsEmpty;

    /// <summary>Reads the mapped members; a header or cookie name that cannot be written is added to <paramref name="errors"/>.</summary>
    public static OutputModel Build(Type type, List<string> errors, string location)
    {
        var headers = ImmutableArray.CreateBuilder<OutputHeader>();
        var cookies = ImmutableArray.CreateBuilder<OutputCookie>();
        if (type.IsClass && type != typeof(string))
        {
            var constructor = MemberRules.DeserializationConstructor(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod is null || property.GetIndexParameters().Length > 0)
                    continue;
                var parameter = MemberRules.ConstructorParameter(constructor, property);
                if (MemberRules.Attribute<ResponseHeaderAttribute>(property, parameter) is { } header)
                {
                    if (Foundation.HeaderValues.NameProblem(header.Name) is { } problem)
                        errors.Add($"{location}: [ResponseHeader] on {type.Name}.{property.Name}: {problem}");
                    headers.Add(new OutputHeader(header.Name, property, PropertyAccessors.Getter(property)));
                }

                if (MemberRules.Attribute<ResponseCookieAttribute>(property, parameter) is { } cookie)
                {
                    if (!Foundation.HeaderValues.IsToken(cookie.Name))
                        errors.Add($"{location}: [ResponseCookie] on {type.Name}.{property.Name}: '{cookie.Name}' is not a valid cookie name (letters, digits and !#$%&'*+-.^_`|~ only)");
                    cookies.Add(new OutputCookie(cookie, property, PropertyAccessors.Getter(property)));
                }
            }
        }

        return new OutputModel(headers.ToImmutable(), cookies.ToImmutable());
    }
}

internal sealed record OutputHeader(string Name, PropertyInfo Property, Func<object, object?> Get);

internal sealed record OutputCookie(ResponseCookieAttribute Cookie, PropertyInfo Property, Func<object, object?> Get);
