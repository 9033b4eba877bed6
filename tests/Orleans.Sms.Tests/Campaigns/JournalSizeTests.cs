using Orleans.Serialization;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

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
    public void TheLargestStateACampaignCanHave_FitsWhatAzureTableStorageHoldsOfOneGrain()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var row = Sending(1, Longest) with { ErrorCode = SmsErrorCodes.TollFreeVerificationRequired, Resends = 3 };
        var perShare = JournalSize.Fitting(Enumerable.Repeat(JournalSize.Of(row), 10_000));
        var state = new CampaignState
        {
            Owner = new ResourceOwner("ten_" + Guid.NewGuid().ToString("N"), "live"),
            Definition = new CampaignDraft(new string('€', 200), "uc_" + Guid.NewGuid().ToString("N"), Longest, null,
                DateTimeOffset.UtcNow, QuietHoursSettings.Default, 5, AutoPauseSettings.Default),
            // Two steps and a notice flush, and one row over: a flush always takes one.
            // Bodies of their own (the serializer writes a string it has written already as a reference).
            Journal = Enumerable.Range(0, 3 * perShare + 1)
                .Select(i => row with { Seq = 1_000_000 + i, MessageId = MessageIds.New(), Body = new string('€', SmsLimits.MaxBodyLength) }).ToList(),
            Imports = Enumerable.Range(0, CampaignGrain.MaxImports).ToDictionary(_ => "imp_" + Guid.NewGuid().ToString("N"), _ => DateTimeOffset.UtcNow),
        };
        for (var seq = 1; seq <= AutoPauseWindow.MaxWindow; seq++)
        {
            state.Window.Sent(seq, failed: seq % 2 == 0, AutoPauseWindow.MaxWindow);
        }

        var written = serializer.SerializeToArray(state).Length;

        Assert.InRange(written, 3 * perShare * 3 * SmsLimits.MaxBodyLength, 15 * 64 * 1024);
    }

    [Fact]
    public void Room_IsAShare_LessWhatTheJournalHoldsBeyondTheStepInFlight()
    {
        var row = Sending(1, Longest);
        var size = JournalSize.Of(row);
        var perShare = JournalSize.Share / size;

        Assert.Equal(JournalSize.Share, JournalSize.Room([]));
        Assert.Equal(JournalSize.Share, JournalSize.Room(Enumerable.Repeat(row, perShare)));
        var failedFlush = perShare / 2; // rows of a flush whose save failed, beside the step in flight
        Assert.Equal(2 * JournalSize.Share - (perShare + failedFlush) * size, JournalSize.Room(Enumerable.Repeat(row, perShare + failedFlush)));
        Assert.True(JournalSize.Room(Enumerable.Repeat(row, 2 * perShare + 2)) <= 0); // then the next step's share fills it
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
