using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>When an ended campaign wakes the conversations whose sessions it opened, and which ones (docs/architecture.md: Campaigns).</summary>
public sealed class CampaignSessionSweepTests
{
    private static readonly DateTimeOffset Ended = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    [Fact]
    public void DueAt_AWindowAndAMinuteAfterTheEnd_WhenAnythingWasSent()
    {
        Assert.Equal(Ended + Window + TimeSpan.FromMinutes(1), CampaignSessionSweep.DueAt(new CampaignCounts { Total = 3, Sent = 1, Skipped = 2 }, Ended, Window));
        Assert.NotNull(CampaignSessionSweep.DueAt(new CampaignCounts { Total = 1, Delivered = 1 }, Ended, Window));
        Assert.NotNull(CampaignSessionSweep.DueAt(new CampaignCounts { Total = 1, Failed = 1 }, Ended, Window));
    }

    [Fact]
    public void DueAt_None_WhenNothingWasSent()
    {
        Assert.Null(CampaignSessionSweep.DueAt(new CampaignCounts { Total = 4, Skipped = 1, Cancelled = 3 }, Ended, Window));
    }

    [Theory]
    [InlineData(RecipientStatus.Sent, false, true)]
    [InlineData(RecipientStatus.Delivered, false, true)]
    [InlineData(RecipientStatus.Failed, false, true)]
    [InlineData(RecipientStatus.Delivered, true, false)] // answered: its session has a reminder of its own
    [InlineData(RecipientStatus.Skipped, false, false)]
    [InlineData(RecipientStatus.Cancelled, false, false)]
    public void Wakes_TheConversationsOfUnansweredMessages(RecipientStatus status, bool replied, bool wakes)
    {
        var recipient = new CampaignRecipient(1, "+12125550100", null, status, "msg_1", "conv_1", Replied: replied);

        Assert.Equal(wakes, CampaignSessionSweep.Wakes(recipient));
        Assert.False(CampaignSessionSweep.Wakes(recipient with { ConversationId = null, MessageId = null }));
    }
}
