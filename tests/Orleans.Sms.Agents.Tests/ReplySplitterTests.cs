namespace Orleans.Sms.Agents.Tests;

public sealed class ReplySplitterTests
{
    [Fact]
    public void Split_ShortText_OnePartTrimmed() =>
        Assert.Equal(["See you Tuesday."], ReplySplitter.Split("  See you Tuesday.\n"));

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Split_BlankText_NoParts(string text) => Assert.Empty(ReplySplitter.Split(text));

    [Fact]
    public void Split_Exactly1600_OnePart()
    {
        var text = new string('a', 1599) + ".";
        Assert.Equal([text], ReplySplitter.Split(text));
    }

    [Fact]
    public void Split_1601_TwoParts()
    {
        var text = new string('a', 1601);
        var parts = ReplySplitter.Split(text);
        Assert.Equal([new string('a', 1600), "a"], parts);
    }

    [Fact]
    public void Split_LongReply_CutsAfterTheLastSentenceThatFits()
    {
        var first = "First sentence is here. " + new string('b', 1500) + " ends here!";
        var second = "Second sentence runs past the limit " + new string('c', 200) + ".";
        var parts = ReplySplitter.Split(first + " " + second);
        Assert.Equal([first, second], parts);
        Assert.All(parts, p => Assert.True(p.Length <= 1600));
    }

    [Fact]
    public void Split_SentenceEndsOnlyEarly_CutsBetweenWordsInstead()
    {
        // The only sentence end lies in the first half: a word cut fills the message better.
        var text = "Hi. " + string.Join(' ', Enumerable.Repeat("word", 20));
        var parts = ReplySplitter.Split(text, maxLength: 40);
        Assert.Equal(["Hi. word word word word word word word", "word word word word word word word word", "word word word word word"], parts);
    }

    [Fact]
    public void Split_NoSentenceEnd_CutsAtTheLastWhitespace()
    {
        var parts = ReplySplitter.Split("alpha beta gamma delta epsilon", maxLength: 12);
        Assert.Equal(["alpha beta", "gamma delta", "epsilon"], parts);
    }

    [Fact]
    public void Split_OneLongWord_CutsHard()
    {
        Assert.Equal(["abcd", "efgh", "ij"], ReplySplitter.Split("abcdefghij", maxLength: 4));
    }

    [Fact]
    public void Split_EmojiAtTheBoundary_NeverSplitsTheSurrogatePair()
    {
        // "abc" + 😀 (two UTF-16 code units) puts the pair across the 4th/5th code unit.
        var parts = ReplySplitter.Split("abc\U0001F600def", maxLength: 4);
        Assert.Equal(["abc", "\U0001F600de", "f"], parts);
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }

    [Fact]
    public void Split_EmojiSequence_KeptWhole()
    {
        // 👍🏽 is a thumbs-up with a skin-tone modifier: one user-perceived character of four code units.
        var parts = ReplySplitter.Split("ok\U0001F44D\U0001F3FDyes", maxLength: 5);
        Assert.Equal(["ok", "\U0001F44D\U0001F3FDy", "es"], parts);
    }

    [Fact]
    public void Split_LongText_EveryPartFitsAndNothingIsLost()
    {
        var words = Enumerable.Range(0, 900).Select(i => i % 7 == 0 ? $"w{i}." : $"w{i}");
        var text = string.Join(' ', words);
        var parts = ReplySplitter.Split(text);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 1600));
        Assert.Equal(text, string.Join(' ', parts));
    }

    [Fact]
    public void Split_MaxLengthBelowTwo_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplySplitter.Split("abc", maxLength: 1));

    [Fact]
    public void Split_OneMegabyte_TenFullPartsAndTruncated()
    {
        var text = string.Concat(Enumerable.Repeat("Echo this sentence back to me. ", 34_000)); // ~1 MB

        var parts = ReplySplitter.Split(text, out var truncated);

        Assert.True(truncated);
        Assert.Equal(ReplySplitter.MaxParts, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Length, 800, ReplySplitter.MaxBodyLength));
        Assert.StartsWith(parts[0], text);
    }

    [Fact]
    public void Split_ExactlyTenParts_NotTruncated()
    {
        var parts = ReplySplitter.Split(new string('a', 40), out var truncated, maxLength: 4);

        Assert.False(truncated);
        Assert.Equal(Enumerable.Repeat("aaaa", 10), parts);
    }

    [Fact]
    public void Split_ElevenParts_DropsTheEleventh()
    {
        var parts = ReplySplitter.Split(new string('a', 41), out var truncated, maxLength: 4);

        Assert.True(truncated);
        Assert.Equal(Enumerable.Repeat("aaaa", 10), parts);
        Assert.Equal(parts, ReplySplitter.Split(new string('a', 41), maxLength: 4)); // the same cap without the flag
    }

    [Fact]
    public void Split_CapOfOne_KeepsTheFirstPart()
    {
        Assert.Equal(["alpha beta"], ReplySplitter.Split("alpha beta gamma", out var truncated, maxLength: 12, maxParts: 1));
        Assert.True(truncated);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplySplitter.Split("x", out _, maxParts: 0));
    }
}
