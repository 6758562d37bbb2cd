using System.ComponentModel.DataAnnotations;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Validation;

/// <summary>
/// The implicit rule of an output member written as a response header: its text must be a valid
/// field value (see <see cref="HeaderValues"/>), so a bad one is the action's invalid output,
/// named by property, instead of an exception in the server's header writer.
/// </summary>
internal sealed class ResponseHeaderRule(string header) : ValidationAttribute
{
    public override bool RequiresValidationContext => true;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        HeaderValues.Format(value) is { } text && HeaderValues.ValueProblem(header, text) is { } problem
            ? new ValidationResult($"{problem} (property {validationContext.MemberName})")
            : ValidationResult.Success;
}
