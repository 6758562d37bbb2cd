using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Foundation;

public sealed class StorableTextTests
{
    [Fact]
    public void Nul_and_half_characters_become_replacement_characters_and_whole_ones_stay()
    {
        // (Not theory data: xUnit carries that as UTF-8, which has no form for half a character.)
        (string Text, string Stored)[] cases =
        [
            ("plain", "plain"),
            ("emoji \U0001F600 kept", "emoji \U0001F600 kept"),
            ("nul \0 here", "nul \uFFFD here"),
            ("cut \uD83D", "cut \uFFFD"),
            ("\uDE00 low first", "\uFFFD low first"),
            ("reversed \uDE00\uD83D pair", "reversed \uFFFD\uFFFD pair"),
            ("\uD83D\uD83D\uDE00", "\uFFFD\U0001F600"),
            ("\U0001F600\uD83D", "\U0001F600\uFFFD"),
        ];
        foreach (var (text, stored) in cases)
            Assert.Equal(stored, StorableText.From(text, 100));
    }

    [Fact]
    public void A_cap_that_falls_inside_a_character_leaves_the_whole_character_out()
    {
        Assert.Equal("abc", StorableText.From("abc\U0001F600", 4));
        Assert.Equal("abc\U0001F600", StorableText.From("abc\U0001F600def", 5));
        Assert.Equal("abcd", StorableText.From("abcdef", 4));
    }

    [Fact]
    public void Text_with_nothing_to_replace_is_returned_as_it_is()
    {
        var text = "nothing to do \U0001F600";
        Assert.Same(text, StorableText.From(text, 100));
    }
}
