using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Accounts;

/// <summary>Every item of a list of strings is there and not blank: <c>[null, "tasks:write"]</c> is not a list of two permissions.</summary>
internal sealed class NonBlankItemsAttribute : ValidationAttribute
{
    public NonBlankItemsAttribute() => ErrorMessage = "The {0} field must not hold empty, blank or null entries.";

    public override bool IsValid(object? value) =>
        value is not IEnumerable items || value is string || items.Cast<object?>().All(item => item is string text && !string.IsNullOrWhiteSpace(text));
}
