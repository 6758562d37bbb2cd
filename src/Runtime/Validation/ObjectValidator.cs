using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Validation;

/// <summary>
/// Validates an object graph with DataAnnotations: attributes on properties or positional-record
/// parameters, nested objects, collections (<c>items[0].name</c>) and <see cref="IValidatableObject"/>.
/// Error keys are the JSON names the client uses.
/// </summary>
internal sealed class ObjectValidator
{
    private const int MaxDepth = 64;
    private readonly ConcurrentDictionary<Type, TypeRules> _rules = new();

    /// <summary>Validates a value; null when it is valid.</summary>
    public Dictionary<string, string[]>? Validate(object? value)
    {
        if (value is null)
            return null;
        Dictionary<string, List<string>>? errors = null;
        ValidateObject(value, "", 0, ref errors);
        return errors?.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Builds and caches the rules of a type ahead of the first request.</summary>
    public void Prepare(Type type) => RulesFor(type);

    private TypeRules RulesFor(Type type) => _rules.GetOrAdd(type, TypeRules.Build);

    private void ValidateObject(object instance, string path, int depth, ref Dictionary<string, List<string>>? errors)
    {
        if (depth > MaxDepth)
            return;
        var rules = RulesFor(instance.GetType());
        if (rules.IsEmpty)
            return;

        foreach (var member in rules.Members)
        {
            var value = member.Get(instance);
            var key = path.Length == 0 ? member.JsonName : $"{path}.{member.JsonName}";
            var valid = true;
            foreach (var attribute in member.Attributes)
            {
                string? message = null;
                if (attribute.RequiresValidationContext)
                {
                    var context = new ValidationContext(instance) { DisplayName = member.JsonName, MemberName = member.Property.Name };
                    message = attribute.GetValidationResult(value, context)?.ErrorMessage;
                }
                else if (!attribute.IsValid(value))
                {
                    message = attribute.FormatErrorMessage(member.JsonName);
                }

                if (message is not null)
                {
                    Add(ref errors, key, message);
                    valid = false;

                    // A missing value makes the other rules moot: one message says it all.
                    if (attribute is RequiredAttribute)
                        break;
                }
            }

            if (!valid || value is null)
                continue;
            if (member.Nested == NestedKind.Object)
            {
                ValidateObject(value, key, depth + 1, ref errors);
            }
            else if (member.Nested == NestedKind.Collection && value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                        ValidateObject(item, $"{key}[{index}]", depth + 1, ref errors);
                    index++;
                }
            }
        }

        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                if (result == ValidationResult.Success)
                    continue;
                var names = result.MemberNames.Any() ? result.MemberNames : [""];
                foreach (var name in names)
                {
                    var jsonName = rules.JsonNameOf(name);
                    var key = jsonName.Length == 0 ? (path.Length == 0 ? "$" : path) : (path.Length == 0 ? jsonName : $"{path}.{jsonName}");
                    Add(ref errors, key, result.ErrorMessage ?? "The value is invalid.");
                }
            }
        }
    }

    private static void Add(ref Dictionary<string, List<string>>? errors, string key, string message)
    {
        errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!errors.TryGetValue(key, out var list))
            errors[key] = list = [];
        list.Add(message);
    }
}
