using System.Collections.Immutable;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// A parsed route template. Type constraints (<c>{id:guid}</c>) are kept for coercion, OpenAPI
/// and start-up checks, but are not given to the router: a value that does not parse then reaches
/// the binder and gets a 400 that names the parameter, instead of an unexplained 404.
/// </summary>
internal sealed class RouteTemplate
{
    private static readonly ImmutableDictionary<string, Type[]> TypeConstraints = new Dictionary<string, Type[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = [typeof(int), typeof(long), typeof(decimal), typeof(double)],
        ["long"] = [typeof(long), typeof(decimal)],
        ["guid"] = [typeof(Guid)],
        ["bool"] = [typeof(bool)],
        ["decimal"] = [typeof(decimal)],
        ["double"] = [typeof(double), typeof(decimal)],
        ["float"] = [typeof(float), typeof(double), typeof(decimal)],
        ["datetime"] = [typeof(DateTimeOffset), typeof(DateTime), typeof(DateOnly)],
        ["alpha"] = [typeof(string)],
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    private RouteTemplate(string text, string routerPattern, string shape, ImmutableArray<RouteParameter> parameters)
    {
        Text = text;
        RouterPattern = routerPattern;
        Shape = shape;
        Parameters = parameters;
    }

    /// <summary>The template as declared.</summary>
    public string Text { get; }

    /// <summary>The template given to the router: parameters without constraints.</summary>
    public string RouterPattern { get; }

    /// <summary>The template with parameter names erased, lower-cased: two routes with the same shape collide.</summary>
    public string Shape { get; }

    public ImmutableArray<RouteParameter> Parameters { get; }

    /// <summary>Parses a template, or returns why it is not acceptable.</summary>
    public static RouteTemplate? TryParse(string text, out string? error, bool allowReserved = false)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            error = "a route must start with '/'";
            return null;
        }

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(text);
        }
        catch (RoutePatternException ex)
        {
            error = ex.Message;
            return null;
        }

        if (!allowReserved
            && pattern.PathSegments.Count > 0
            && pattern.PathSegments[0].Parts[0] is RoutePatternLiteralPart first
            && first.Content.StartsWith('_'))
        {
            error = "paths starting with '/_' are reserved for the runtime";
            return null;
        }

        var router = new List<string>();
        var shape = new List<string>();
        var parameters = ImmutableArray.CreateBuilder<RouteParameter>();
        foreach (var segment in pattern.PathSegments)
        {
            var routerSegment = new System.Text.StringBuilder();
            var shapeSegment = new System.Text.StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        routerSegment.Append(literal.Content);
                        shapeSegment.Append(literal.Content.ToLowerInvariant());
                        break;
                    case RoutePatternSeparatorPart separator:
                        routerSegment.Append(separator.Content);
                        shapeSegment.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        if (parameter.Default is not null)
                        {
                            error = $"parameter '{parameter.Name}' has a default value; give the input property a default instead";
                            return null;
                        }

                        string? constraint = null;
                        foreach (var policy in parameter.ParameterPolicies)
                        {
                            var content = policy.Content ?? "";
                            if (!TypeConstraints.ContainsKey(content) || constraint is not null)
                            {
                                error = $"parameter '{parameter.Name}' has constraint '{content}'; only one type constraint "
                                    + $"({string.Join(", ", TypeConstraints.Keys.Order())}) is supported, put other rules on the input property";
                                return null;
                            }

                            constraint = content.ToLowerInvariant();
                        }

                        var prefix = parameter.IsCatchAll ? "*" : "";
                        var suffix = parameter.IsOptional ? "?" : "";
                        routerSegment.Append('{').Append(prefix).Append(parameter.Name).Append(suffix).Append('}');
                        shapeSegment.Append('{').Append(prefix).Append(suffix).Append('}');
                        parameters.Add(new RouteParameter(parameter.Name, constraint, parameter.IsOptional, parameter.IsCatchAll));
                        break;
                }
            }

            router.Add(routerSegment.ToString());
            shape.Add(shapeSegment.ToString());
        }

        return new RouteTemplate(text, "/" + string.Join('/', router), "/" + string.Join('/', shape), parameters.ToImmutable());
    }

    /// <summary>Whether a constraint admits a property type (nullable unwrapped).</summary>
    public static bool Admits(string constraint, Type type) =>
        TypeConstraints[constraint].Contains(Nullable.GetUnderlyingType(type) ?? type);
}

/// <summary>A route parameter: name, optional type constraint, and whether it may be absent.</summary>
internal sealed record RouteParameter(string Name, string? Constraint, bool IsOptional, bool IsCatchAll);
