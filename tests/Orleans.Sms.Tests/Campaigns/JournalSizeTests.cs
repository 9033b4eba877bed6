using Orleans.Serialization;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class JournalSizeTests
{
    private static readonly string Longest = new('€', SmsLimits.MaxBodyLength); // 3 bytes each in UTF-8

    [Fact]
    public void Of_BoundsTheRowAsTheOrleansSerializerWritesIt_WithTheLongestBody()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var row = Sending(7_654_321, Longest) with { ErrorCode = SmsErrorCodes.TollFreeVerificationRequired, Replied = true, HeldUntil = DateTimeOffset.UtcNow, Resends = 3 };

        var written = serializer.SerializeToArray(row).Length;

        Assert.InRange(written, 3 * SmsLimits.MaxBodyLength, JournalSize.Of(row));
    }

    [Fact]
    public void Of_CountsTheBodyGivenInPlaceOfTheRows()
    {
        var pending = new CampaignRecipient(1, "+12125550123", "con_1", RecipientStatus.Pending);

        Assert.Equal(JournalSize.Of(pending) + 3 * SmsLimits.MaxBodyLength, JournalSize.Of(pending, Longest));
    }

    [Fact]
    public void ThreeSharesOfTheLongestRows_StayUnderWhatAzureTableStorageHoldsOfOneGrain()
    {
        var sizes = Enumerable.Repeat(JournalSize.Of(Sending(1, Longest)), 1_000).ToList();

        var fitting = JournalSize.Fitting(sizes);

        Assert.Equal(JournalSize.Share / sizes[0], fitting);
        Assert.True(3 * fitting * sizes[0] < 15 * 64 * 1024 - 64 * 1024, "two steps and a notice flush leave 64 KiB for the rest of the state");
    }

    [Theory]
    [InlineData(new[] { 100, 100, 100 }, 250, 2)]
    [InlineData(new[] { 100, 150, 1 }, 250, 2)]
    [InlineData(new[] { 300, 1 }, 250, 1)] // one always goes, or nothing would ever move
    [InlineData(new[] { 0, 0, 250, 0, 1 }, 250, 4)]
    [InlineData(new int[0], 250, 0)]
    public void Fitting_TakesTheFirstOnesThatFitTogether(int[] sizes, int share, int expected) =>
        Assert.Equal(expected, JournalSize.Fitting(sizes, share));

    private static CampaignRecipient Sending(long seq, string body) =>
        new(seq, "+12125550123", "con_" + Guid.NewGuid().ToString("N"), RecipientStatus.Sending,
            MessageIds.New(), ConversationId.For("+18005550100", "+12125550123"), "+18005550100", body, null, DateTimeOffset.UtcNow);
}
