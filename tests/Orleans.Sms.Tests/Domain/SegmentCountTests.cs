using Orleans.Sms.Conversations;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Tests.Domain;

public sealed class SegmentCountTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)] // 2 × 153
    [InlineData(307, 3)]
    [InlineData(459, 3)] // 3 × 153
    [InlineData(460, 4)]
    public void PlainAscii_CountsGsm7Parts(int length, int segments)
    {
        var count = SegmentCount.Of(new string('a', length));

        Assert.Equal(new SegmentCount(segments, SmsEncoding.Gsm7), count);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("~")]
    [InlineData("^")]
    [InlineData("|")]
    [InlineData("\\")]
    public void ExtensionCharacter_CostsTwoSeptets(string extension)
    {
        // 158 + 2 = 160 septets fit one segment; 159 + 2 = 161 do not.
        Assert.Equal(new SegmentCount(1, SmsEncoding.Gsm7), SegmentCount.Of(new string('a', 158) + extension));
        Assert.Equal(new SegmentCount(2, SmsEncoding.Gsm7), SegmentCount.Of(new string('a', 159) + extension));
    }

    [Fact]
    public void ExtensionCharacter_IsNotSplitAcrossParts()
    {
        // 152 septets, then '€' (2): it cannot straddle the 153-septet boundary, so part one closes at 152.
        // Part two: € (2) + 151 'a' = 153; total 305 septets still need three parts because of the early close.
        var body = new string('a', 152) + "€" + new string('a', 152);

        Assert.Equal(new SegmentCount(3, SmsEncoding.Gsm7), SegmentCount.Of(body));
    }

    [Fact]
    public void GsmAccentsAndGreek_StayGsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SegmentCount.Of("Café à Ålesund: ΔΦΓ £5 ¿Qué? ñ Ü").Encoding);
        // í looks as harmless as é but is not in GSM 03.38.
        Assert.Equal(SmsEncoding.Ucs2, SegmentCount.Of("¿Sí?").Encoding);
    }

    [Theory]
    [InlineData(68, 1)] // 68 + 2 code units = 70
    [InlineData(69, 2)] // 71 code units
    public void Emoji_FlipsToUcs2At70CodeUnits(int asciiLength, int segments)
    {
        var count = SegmentCount.Of(new string('a', asciiLength) + "😀");

        Assert.Equal(new SegmentCount(segments, SmsEncoding.Ucs2), count);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)] // 2 × 67
    [InlineData(135, 3)]
    public void OneNonGsmCharacter_MakesTheWholeMessageUcs2(int length, int segments)
    {
        var count = SegmentCount.Of("ç" + new string('a', length - 1));

        Assert.Equal(new SegmentCount(segments, SmsEncoding.Ucs2), count);
    }

    [Fact]
    public void SurrogatePair_IsNotSplitAcrossParts()
    {
        // 66 units then an emoji (2): part one closes at 66; part two holds 2 + 65 = 67; one more unit makes three.
        Assert.Equal(new SegmentCount(2, SmsEncoding.Ucs2), SegmentCount.Of(new string('a', 66) + "😀" + new string('a', 65)));
        Assert.Equal(new SegmentCount(3, SmsEncoding.Ucs2), SegmentCount.Of(new string('a', 66) + "😀" + new string('a', 66)));
    }
}
