using Bunbase.Runtime.Auth.Throttling;

namespace Bunbase.Runtime.Tests.Auth.Throttling;

public sealed class SignInIdentifierTests
{
    [Theory]
    [InlineData("ren\u00E9@example.com", "rene\u0301@example.com")] // é composed, and e + combining acute
    [InlineData("REN\u00C9@EXAMPLE.COM", "rene\u0301@example.com")]
    [InlineData("  Ann@Example.com\t", "ann@example.com")]
    [InlineData("\u212Aelvin@example.com", "kelvin@example.com")] // the Kelvin sign
    [InlineData("\u1E9Ee@example.com", "\u00DFe@example.com")] // capital and small sharp s
    [InlineData("\u03A3\u03BF\u03C2@example.com", "\u03C3\u03BF\u03C3@example.com")] // sigma, final sigma
    [InlineData("\u1100\u1161\u11A8@example.com", "\uAC01@example.com")] // Hangul jamo and the syllable
    [InlineData("q\u0323\u0307@example.com", "q\u0307\u0323@example.com")] // marks in either order
    [InlineData("\u1E0B\u0323@example.com", "d\u0323\u0307@example.com")] // ḋ + dot below and d + both marks
    [InlineData("\u212B@example.com", "\u00E5@example.com")] // the Angstrom sign (NFC: Å)
    public void Spellings_of_one_identifier_are_one(string one, string other) =>
        Assert.Equal(SignInIdentifier.Normalize(one), SignInIdentifier.Normalize(other));

    [Theory]
    [InlineData("ann@example.com", "anne@example.com")]
    [InlineData("\u00DF@example.com", "ss@example.com")] // simple folding: ß stays ß
    [InlineData("a\u200Bnn@example.com", "ann@example.com")] // a zero-width space is a character
    public void Different_identifiers_stay_different(string one, string other) =>
        Assert.NotEqual(SignInIdentifier.Normalize(one), SignInIdentifier.Normalize(other));

    [Fact]
    public void Ascii_is_trimmed_and_lower_cased_as_before()
    {
        Assert.Equal("ann.o'brien+tag@example.com", SignInIdentifier.Normalize(" Ann.O'Brien+Tag@EXAMPLE.com "));
    }

    [Theory]
    [InlineData("Ren\u00E9@Example.com")]
    [InlineData("\u212Aelvin")]
    [InlineData("\u0130stanbul")]
    [InlineData("\uD83D\uDE00@example.com")]
    public void Normalizing_twice_changes_nothing(string identifier)
    {
        var once = SignInIdentifier.Normalize(identifier);

        Assert.Equal(once, SignInIdentifier.Normalize(once));
        Assert.True(once.IsNormalized(System.Text.NormalizationForm.FormC));
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters_instead_of_throwing()
    {
        // Built at run time: attribute arguments cannot carry ill-formed UTF-16.
        var high = "\uD800";
        var low = "\uDC00";
        Assert.Equal("\u00E9\uFFFD@example.com", SignInIdentifier.Normalize("e\u0301" + high + "@example.com"));
        Assert.Equal("\uFFFDann", SignInIdentifier.Normalize(low + "Ann"));
        Assert.Equal("\u00E9\uFFFD", SignInIdentifier.Normalize("\u00C9" + high));
        Assert.Equal("\uFFFD\uFFFD\u00E9", SignInIdentifier.Normalize(low + high + "\u00C9"));
        Assert.Equal("\uD83D\uDE00\u00E9", SignInIdentifier.Normalize("\uD83D\uDE00\u00C9"));
    }

    [Fact]
    public void Null_is_refused() => Assert.Throws<ArgumentNullException>(() => SignInIdentifier.Normalize(null!));

    [Fact]
    public void Empty_and_blank_are_empty()
    {
        Assert.Equal("", SignInIdentifier.Normalize(""));
        Assert.Equal("", SignInIdentifier.Normalize(" \t\u00A0 "));
    }
}
