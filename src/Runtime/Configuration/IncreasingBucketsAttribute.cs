using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Histogram bucket bounds: 1 to <see cref="MaxBuckets"/> finite numbers, positive and strictly increasing.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class IncreasingBucketsAttribute : ValidationAttribute
{
    public const int MaxBuckets = 40;

    public IncreasingBucketsAttribute()
        : base($"bounds must be 1 to {MaxBuckets} positive numbers in increasing order")
    {
    }

    public override bool IsValid(object? value)
    {
        if (value is not double[] { Length: > 0 and <= MaxBuckets } bounds)
            return false;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || bounds[i] <= 0 || (i > 0 && bounds[i] <= bounds[i - 1]))
                return false;
        }

        return true;
    }

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
