using Orleans.Sms.Conversations;
using Orleans.Sms.Messaging;
using Orleans.Sms.Routing;

namespace Orleans.Sms.Tests.Domain;

public sealed class KeywordsAndNumbersTests
{
    [Theory]
    [InlineData("STOP", InboundKeyword.OptOut)]
    [InlineData(" stop ", InboundKeyword.OptOut)]
    [InlineData("Unsubscribe", InboundKeyword.OptOut)]
    [InlineData("optout", InboundKeyword.OptOut)]
    [InlineData("start", InboundKeyword.OptIn)]
    [InlineData("UNSTOP", InboundKeyword.OptIn)]
    [InlineData("Help", InboundKeyword.Help)]
    [InlineData("info", InboundKeyword.Help)]
    [InlineData("please stop", InboundKeyword.None)]
    [InlineData("STOP!", InboundKeyword.None)]
    [InlineData("", InboundKeyword.None)]
    public void Classify_MatchesWholeMessageOnly(string body, InboundKeyword expected)
    {
        Assert.Equal(expected, Keywords.Classify(body));
    }

    [Theory]
    [InlineData("+15555550100", "+15555550100")]
    [InlineData("15555550100", "+15555550100")]
    [InlineData("(555) 555-0100", "+15555550100")]
    [InlineData("555.555.0100", "+15555550100")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void TryNormalize_CommonFormats_GiveE164(string input, string expected)
    {
        Assert.True(E164.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("4155550142", "+14155550142")] // a US number without its country code, as everywhere
    [InlineData("14155550142", "+14155550142")]
    [InlineData("+14155550142", "+14155550142")]
    [InlineData("447700900123", "+447700900123")] // E.164 without its '+': not a US number
    [InlineData("+447700900123", "+447700900123")]
    public void TryNormalizeRoute_IsE164WithOrWithoutThePlus_AndUsFirst(string input, string expected)
    {
        Assert.True(E164.TryNormalizeRoute(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("44 7700 900123x")]
    [InlineData("")]
    public void TryNormalizeRoute_Garbage_IsRejected(string input)
    {
        Assert.False(E164.TryNormalizeRoute(input, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a number")]
    [InlineData("12")]
    [InlineData("+1555")]
    public void TryNormalize_Garbage_IsRejected(string? input)
    {
        Assert.False(E164.TryNormalize(input, out _));
    }
}
