using System.ComponentModel.DataAnnotations;
using Bunbase.Runtime.Validation;

namespace Bunbase.Runtime.Tests.Validation;

/// <summary>
/// <c>[Range(1, long.MaxValue)]</c> is a range of doubles in .NET; on a whole-number member the validator checks it in
/// the member's own type, so the bound is exact and the 400's message names it as the client would write it.
/// </summary>
public class WholeNumberRangeTests
{
    private readonly ObjectValidator _validator = new();

    private sealed record Cursor([property: Range(1, long.MaxValue)] long After, [property: Range(1, long.MaxValue)] long? Before = null);

    private sealed record Exact([property: Range(0, 9007199254740992)] long Id);

    private sealed record Exclusive([property: Range(0d, 10d, MinimumIsExclusive = true, MaximumIsExclusive = true)] long Count);

    private sealed record Fractional([property: Range(0.5, 10)] long Count);

    private sealed record Worded([property: Range(1, long.MaxValue, ErrorMessage = "{0} runs from {1} to {2}")] long After);

    private sealed record Unsigned([property: Range(1, ulong.MaxValue)] ulong Id);

    private sealed record Narrow([property: Range(1, 1e12)] int Count);

    [Fact]
    public void A_long_range_up_to_long_MaxValue_names_its_bound_in_digits()
    {
        Assert.Equal(["The field after must be between 1 and 9223372036854775807."], Errors(new Cursor(0))["after"]);
        Assert.Equal(["The field before must be between 1 and 9223372036854775807."], Errors(new Cursor(1, -5))["before"]);
        Assert.Null(_validator.Validate(new Cursor(long.MaxValue, long.MaxValue)));
        Assert.Null(_validator.Validate(new Cursor(1)));
    }

    [Fact]
    public void The_bound_is_compared_exactly_not_through_a_double()
    {
        // 2^53 + 1 is 2^53 as a double, so the attribute alone lets it through.
        Assert.True(new RangeAttribute(0, 9007199254740992).IsValid(9007199254740993L));
        Assert.Equal(["The field id must be between 0 and 9007199254740992."], Errors(new Exact(9007199254740993))["id"]);
        Assert.Null(_validator.Validate(new Exact(9007199254740992)));
    }

    [Fact]
    public void Exclusive_bounds_stay_exclusive()
    {
        Assert.Single(Errors(new Exclusive(0))["count"]);
        Assert.Single(Errors(new Exclusive(10))["count"]);
        Assert.Null(_validator.Validate(new Exclusive(1)));
        Assert.Null(_validator.Validate(new Exclusive(9)));
    }

    [Fact]
    public void A_fractional_bound_is_kept_as_written()
    {
        Assert.Equal(["The field count must be between 0.5 and 10."], Errors(new Fractional(0))["count"]);
        Assert.Null(_validator.Validate(new Fractional(1)));
    }

    [Fact]
    public void A_custom_message_gets_the_exact_bounds()
    {
        Assert.Equal(["after runs from 1 to 9223372036854775807"], Errors(new Worded(0))["after"]);
    }

    [Fact]
    public void Other_whole_number_types_and_bounds_past_the_type_are_its_limits()
    {
        Assert.Equal(["The field id must be between 1 and 18446744073709551615."], Errors(new Unsigned(0))["id"]);
        Assert.Null(_validator.Validate(new Unsigned(ulong.MaxValue)));
        Assert.Equal(["The field count must be between 1 and 2147483647."], Errors(new Narrow(0))["count"]);
        Assert.Null(_validator.Validate(new Narrow(int.MaxValue)));
    }

    private Dictionary<string, string[]> Errors(object value) => _validator.Validate(value) ?? throw new Xunit.Sdk.XunitException("no errors");
}
