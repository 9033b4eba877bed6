using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class NoticeBatchTests
{
    private const string Alice = "+15550100001";
    private const string Bob = "+15550100002";

    [Fact]
    public void Apply_DeliveredForSentRecipients_MovesEachToDelivered()
    {
        var changes = NoticeBatch.Apply(Stored(Sent(1, Alice), Sent(2, Bob)),
            [Delivered(Alice, "msg_1"), Delivered(Bob, "msg_2")]);

        Assert.Equal([(RecipientStatus.Sent, RecipientStatus.Delivered), (RecipientStatus.Sent, RecipientStatus.Delivered)],
            changes.Select(c => (c.Before.Status, c.After.Status)));
    }

    [Fact]
    public void Apply_AnotherMessagesStatus_ChangesNothing()
    {
        Assert.Empty(NoticeBatch.Apply(Stored(Sent(1, Alice)), [Delivered(Alice, "msg_other")]));
    }

    [Fact]
    public void Apply_RecipientNotSentYetOrUnknown_ChangesNothing()
    {
        var pending = new CampaignRecipient(1, Alice, null, RecipientStatus.Sending, "msg_1");

        Assert.Empty(NoticeBatch.Apply(Stored(pending), [Delivered(Alice, "msg_1"), Delivered(Bob, "msg_2")]));
    }

    [Fact]
    public void Apply_FailedThenDeliveredInOneBatch_EachAppliesToWhatTheOneBeforeLeft()
    {
        var changes = NoticeBatch.Apply(Stored(Sent(1, Alice)),
            [CampaignNotice.OfDelivery(Alice, "msg_1", DeliveryStatus.Undelivered, "30003"), Delivered(Alice, "msg_1")]);

        Assert.Equal([(RecipientStatus.Sent, RecipientStatus.Failed, "30003"), (RecipientStatus.Failed, RecipientStatus.Delivered, null)],
            changes.Select(c => (c.Before.Status, c.After.Status, c.After.ErrorCode)));
        Assert.Equal(RecipientStatus.Delivered, Assert.Single(NoticeBatch.Latest(changes)).Status);
    }

    [Fact]
    public void Apply_FailureAfterDelivered_ChangesNothing()
    {
        var delivered = Sent(1, Alice) with { Status = RecipientStatus.Delivered };

        Assert.Empty(NoticeBatch.Apply(Stored(delivered), [CampaignNotice.OfDelivery(Alice, "msg_1", DeliveryStatus.Failed, "30005")]));
    }

    [Fact]
    public void Apply_RepliesAndOptOuts_CountOncePerRecipient()
    {
        var changes = NoticeBatch.Apply(Stored(Sent(1, Alice), Sent(2, Bob)),
        [
            CampaignNotice.OfInbound(Alice, InboundNotice.Replied),
            CampaignNotice.OfInbound(Alice, InboundNotice.Replied),
            CampaignNotice.OfInbound(Bob, InboundNotice.OptedOut),
            CampaignNotice.OfInbound(Bob, InboundNotice.OptedOut),
            CampaignNotice.OfInbound(Alice, InboundNotice.OptedOut),
        ]);

        Assert.Equal([(Alice, InboundNotice.Replied), (Bob, InboundNotice.OptedOut), (Alice, InboundNotice.OptedOut)],
            changes.Select(c => (c.After.PhoneNumber, c.Notice.Inbound)));
        var latest = NoticeBatch.Latest(changes).ToDictionary(r => r.PhoneNumber);
        Assert.True(latest[Alice] is { Replied: true, OptedOut: true });
        Assert.True(latest[Bob] is { Replied: false, OptedOut: true });
    }

    private static CampaignNotice Delivered(string phone, string messageId) => CampaignNotice.OfDelivery(phone, messageId, DeliveryStatus.Delivered, null);

    private static CampaignRecipient Sent(long seq, string phone) => new(seq, phone, null, RecipientStatus.Sent, $"msg_{seq}");

    private static Dictionary<string, CampaignRecipient> Stored(params CampaignRecipient[] recipients) => recipients.ToDictionary(r => r.PhoneNumber);
}
