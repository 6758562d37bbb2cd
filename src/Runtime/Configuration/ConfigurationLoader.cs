using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Reads <c>bunbase.config.json</c> and the environment into <see cref="BunbaseOptions"/>, and
/// refuses unknown keys, wrong types and out-of-range values with one line naming the key and
/// where it came from.
/// </summary>
internal static class ConfigurationLoader
{
    public static BunbaseOptions Load(string configPath, bool configPathWasExplicit, IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        var fullPath = Path.GetFullPath(configPath);
        if (configPathWasExplicit && Directory.Exists(fullPath))
            throw new StartupException($"Configuration file '{configPath}' is a folder; name the file (e.g. {Path.Combine(configPath, "bunbase.config.json")}).");
        if (configPathWasExplicit && !File.Exists(fullPath))
            throw new StartupException($"Configuration file '{configPath}' does not exist.");
        if (File.Exists(fullPath) && File.ReadAllText(fullPath).Trim().Length == 0)
            throw new StartupException($"Configuration file '{configPath}' is empty; write {{}} in it for the defaults.");

        var builder = new ConfigurationBuilder();
        if (File.Exists(fullPath))
            builder.AddJsonFile(fullPath, optional: false, reloadOnChange: false);
        builder.Add(new EnvironmentOverrides(environment));

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new StartupException($"Configuration file '{configPath}' is not valid JSON{JsonError(ex)}");
        }

        var errors = new List<string>();
        var options = new BunbaseOptions();
        BindObject(root, fullPath, root, options, errors);
        if (errors.Count == 0)
            ValidateRanges(root, fullPath, options, prefix: "", errors);
        if (errors.Count > 0)
            throw new StartupException("Invalid configuration: " + string.Join("; ", errors));
        return options;
    }

    /// <summary>
    /// The parser's reason, at the line and column an editor shows (counted from 1), from the innermost
    /// exception (the provider wraps the parser's in two of its own, "Could not parse the JSON file").
    /// </summary>
    private static string JsonError(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        if (inner is not System.Text.Json.JsonException json)
            return ": " + inner.Message.ReplaceLineEndings(" ");
        var reason = json.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
            reason = reason[..cut];
        var at = json.LineNumber is { } line ? $" at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}" : "";
        return $"{at}: {reason.ReplaceLineEndings(" ")}";
    }

    private static void BindObject(IConfigurationRoot root, string file, IConfiguration section, object target, List<string> errors)
    {
        var properties = Settable(target.GetType());
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                var known = string.Join(", ", properties.Values.Select(p => JsonName(p.Name)));
                errors.Add($"unknown key '{Dotted(child.Path)}' in {SourceOf(root, file, child)} (known keys here: {known})");
                continue;
            }

            var type = property.PropertyType;
            if (IsScalar(type))
            {
                if (child.Value is null && child.GetChildren().Any())
                {
                    errors.Add($"'{Dotted(child.Path)}' in {SourceOf(root, file, child)} must be {Describe(type, property)}, not an object or array");
                    continue;
                }

                if (TryConvert(child.Value, type, out var value))
                    property.SetValue(target, value);
                else
                    errors.Add($"'{Dotted(child.Path)}' in {SourceOf(root, file, child)} must be {Describe(type, property)} (got '{child.Value}')");
                continue;
            }

            if (type.IsArray && IsScalar(type.GetElementType()!))
            {
                BindArray(root, file, child, target, property, errors);
                continue;
            }

            if (type.IsArray)
            {
                BindObjectArray(root, file, child, target, property, errors);
                continue;
            }

            if (child.Value is not null)
            {
                errors.Add($"'{Dotted(child.Path)}' in {SourceOf(root, file, child)} must be an object (got '{child.Value}')");
                continue;
            }

            var nested = property.GetValue(target) ?? Activator.CreateInstance(type)!;
            BindObject(root, file, child, nested, errors);
            property.SetValue(target, nested);
        }
    }

    /// <summary>A JSON array (or, from the environment, a comma-separated list) of scalars.</summary>
    private static void BindArray(IConfigurationRoot root, string file, IConfigurationSection section, object target, PropertyInfo property, List<string> errors)
    {
        var elementType = property.PropertyType.GetElementType()!;
        var texts = section.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        var array = Array.CreateInstance(elementType, texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            if (!TryConvert(texts[i], elementType, out var value))
            {
                errors.Add($"'{Dotted(section.Path)}' in {SourceOf(root, file, section)} must hold {Describe(elementType)} values (got '{texts[i]}')");
                return;
            }

            array.SetValue(value, i);
        }

        property.SetValue(target, array);
    }

    /// <summary>
    /// A JSON array of objects; from the environment, one variable per field
    /// (<c>BUNBASE__AUTH__KEYS__0__ID</c>). Values are never echoed: such arrays may hold secrets.
    /// </summary>
    private static void BindObjectArray(IConfigurationRoot root, string file, IConfigurationSection section, object target, PropertyInfo property, List<string> errors)
    {
        var elementType = property.PropertyType.GetElementType()!;
        var path = Dotted(section.Path);
        if (section.Value is not null)
        {
            errors.Add($"'{path}' in {SourceOf(root, file, section)} must be an array of objects (from the environment, one variable per field: {EnvironmentOverrides.Prefix}{section.Path.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}__0__NAME)");
            return;
        }

        var items = section.GetChildren().ToList();
        var array = Array.CreateInstance(elementType, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Key != i.ToString(CultureInfo.InvariantCulture))
            {
                errors.Add($"'{path}' in {SourceOf(root, file, item)} must be an array numbered from 0 (found '{Dotted(item.Path)}')");
                return;
            }

            if (item.Value is not null)
            {
                errors.Add($"'{Dotted(item.Path)}' in {SourceOf(root, file, item)} must be an object");
                continue;
            }

            var element = Activator.CreateInstance(elementType)!;
            BindObject(root, file, item, element, errors);
            array.SetValue(element, i);
        }

        property.SetValue(target, array);
    }

    private static void ValidateRanges(IConfigurationRoot root, string file, object target, string prefix, List<string> errors)
    {
        foreach (var property in Settable(target.GetType()).Values)
        {
            var key = prefix + JsonName(property.Name);
            var value = property.GetValue(target);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.IsValid(value))
                    continue;
                var where = WhereSet(root, file, key);
                errors.Add($"'{key}' in {where} is invalid: {RangeMessage(attribute, key, value)}");
            }

            if (value is not null && !IsScalar(property.PropertyType) && !property.PropertyType.IsArray)
                ValidateRanges(root, file, value, key + ".", errors);
            if (value is Array items && !IsScalar(property.PropertyType.GetElementType()!))
            {
                for (var i = 0; i < items.Length; i++)
                {
                    if (items.GetValue(i) is { } item)
                        ValidateRanges(root, file, item, $"{key}.{i.ToString(CultureInfo.InvariantCulture)}.", errors);
                }
            }
        }
    }

    private static string RangeMessage(ValidationAttribute attribute, string key, object? value) => attribute switch
    {
        RangeAttribute range => $"{value} is outside {range.Minimum}..{range.Maximum}",
        RegularExpressionAttribute regex => $"'{value}' does not match {regex.Pattern}",
        RequiredAttribute => "a value is required",
        _ => attribute.FormatErrorMessage(key),
    };

    /// <summary>
    /// Where a key's value came from; for a key left out, where its enclosing object came from (an
    /// element of an array missing a field), else the defaults.
    /// </summary>
    private static string WhereSet(IConfigurationRoot root, string file, string key)
    {
        var path = key.Replace('.', ':');
        if (root.GetSection(path).Value is not null)
            return SourceOf(root, file, root.GetSection(path));
        for (var cut = path.LastIndexOf(':'); cut > 0; cut = path.LastIndexOf(':', cut - 1))
        {
            var enclosing = root.GetSection(path[..cut]);
            if (enclosing.Exists())
                return SourceOf(root, file, enclosing);
        }

        return "the defaults";
    }

    /// <summary>Names the file or variable that supplied a key (the last provider that has it wins).</summary>
    private static string SourceOf(IConfigurationRoot root, string file, IConfigurationSection section)
    {
        var leaf = FirstLeaf(section);
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(leaf, out _))
                continue;
            return provider switch
            {
                JsonConfigurationProvider => file,
                EnvironmentOverrides environment => $"environment variable {environment.VariableFor(leaf)}",
                _ => provider.ToString() ?? "configuration",
            };
        }

        return "configuration";
    }

    private static string FirstLeaf(IConfigurationSection section)
    {
        var current = section;
        while (current.Value is null && current.GetChildren().FirstOrDefault() is { } child)
            current = child;
        return current.Path;
    }

    private static Dictionary<string, PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);
    }

    private static bool TryConvert(string? text, Type type, out object? value)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (string.IsNullOrEmpty(text))
        {
            value = null;
            return underlying is not null || !type.IsValueType;
        }

        type = underlying ?? type;
        value = null;
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type.IsEnum)
        {
            if (Enum.TryParse(type, text, ignoreCase: true, out var parsed) && !char.IsAsciiDigit(text[0]))
            {
                value = parsed;
                return true;
            }

            return false;
        }

        try
        {
            value = type == typeof(TimeSpan)
                ? TimeSpan.Parse(text, CultureInfo.InvariantCulture)
                : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>What a key takes: for a whole number with a <see cref="RangeAttribute"/>, that range rather than the type's.</summary>
    private static string Describe(Type type, PropertyInfo property) =>
        property.GetCustomAttribute<RangeAttribute>() is { } range && Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) is TypeCode.Int32 or TypeCode.Int64
            ? string.Create(CultureInfo.InvariantCulture, $"an integer from {range.Minimum} to {range.Maximum}")
            : Describe(type);

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type));
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Int32 => $"an integer from {int.MinValue} to {int.MaxValue}",
            TypeCode.Int64 => $"an integer from {long.MinValue} to {long.MaxValue}",
            TypeCode.Double or TypeCode.Decimal or TypeCode.Single => "a number",
            TypeCode.String => "a string",
            _ => type == typeof(TimeSpan) ? "a time span such as 00:01:00" : "a " + type.Name,
        };
    }

    private static string Dotted(string path) => path.Replace(':', '.');

    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
