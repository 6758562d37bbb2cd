using Bunbase.Runtime.Accounts;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>The one rule for an account's email: a plain address, as stored (normalised), so one mailbox has one spelling.</summary>
public sealed class AccountEmailAttributeTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData(" Ada@Example.COM ")] // trimmed and case-folded before the check, as stored
    [InlineData("o'brien+news@example.com")]
    [InlineData("a.b-c_d!#$%&*/=?^`{|}~@sub.example-domain.com")]
    [InlineData("e\u0301lodie@example.com")]
    [InlineData("\u7528\u6237@example.com")]
    [InlineData("ada@xn--bcher-kva.example")]
    [InlineData("ada@localhost")]
    public void A_plain_address_is_accepted(string email) => Assert.True(new AccountEmailAttribute().IsValid(email));

    [Theory]
    [InlineData("x <frank@evil.example>")]
    [InlineData("<frank@evil.example>")]
    [InlineData("ceo\uFF20bank.example <attacker@evil.example>")] // a full-width commercial at
    [InlineData("ceo\uFF20bank.example@evil.example")]
    [InlineData("\uFF46rank@evil.example")] // a full-width letter
    [InlineData("\U0001D41Frank@evil.example")] // a mathematical bold letter
    [InlineData("\"frank\"@evil.example")]
    [InlineData("\"a b\"@evil.example")]
    [InlineData("frank(ceo)@evil.example")]
    [InlineData("frank@evil.example (ceo)")]
    [InlineData("frank,ceo@evil.example")]
    [InlineData("frank;ceo@evil.example")]
    [InlineData("fr:ank@evil.example")]
    [InlineData("fr\\ank@evil.example")]
    [InlineData("frank@[127.0.0.1]")]
    [InlineData("fr ank@evil.example")]
    [InlineData("fr\u00A0ank@evil.example")]
    [InlineData("fr\u0000ank@evil.example")]
    [InlineData("fr\u200Bank@evil.example")] // zero-width space
    [InlineData("frank@evil.example\r\nBcc: x@evil.example")]
    [InlineData("frank@@evil.example")]
    [InlineData("frank@evil@example.com")]
    [InlineData("@evil.example")]
    [InlineData("frank@")]
    [InlineData("frank")]
    [InlineData(".frank@evil.example")]
    [InlineData("frank.@evil.example")]
    [InlineData("fr..ank@evil.example")]
    [InlineData("frank@\u00E9vil.example")] // non-ASCII domain: give its xn-- form
    [InlineData("frank@evil..example")]
    [InlineData("frank@-evil.example")]
    [InlineData("frank@evil.example.")]
    [InlineData("frank@evil_example.com")]
    [InlineData("\uD800frank@evil.example")] // a lone surrogate
    public void Anything_else_is_refused(string email) => Assert.False(new AccountEmailAttribute().IsValid(email));

    [Fact]
    public void Null_is_left_to_Required_and_a_local_part_over_64_bytes_is_refused()
    {
        Assert.True(new AccountEmailAttribute().IsValid(null));
        Assert.True(AccountEmailAttribute.IsPlainAddress(new string('a', 64) + "@example.com"));
        Assert.False(AccountEmailAttribute.IsPlainAddress(new string('a', 65) + "@example.com"));
        Assert.False(AccountEmailAttribute.IsPlainAddress(new string('\u00E9', 33) + "@example.com"));
    }
}
