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
            [Delivered(Alice, "msg_1"), Delivered(Bob, "msg_2")], Now, mayResend: true);

        Assert.Equal([(RecipientStatus.Sent, RecipientStatus.Delivered), (RecipientStatus.Sent, RecipientStatus.Delivered)],
            changes.Select(c => (c.Before.Status, c.After.Status)));
    }

    [Fact]
    public void Apply_AnotherMessagesStatus_ChangesNothing()
    {
        Assert.Empty(NoticeBatch.Apply(Stored(Sent(1, Alice)), [Delivered(Alice, "msg_other")], Now, mayResend: true));
    }

    [Fact]
    public void Apply_RecipientNotSentYetOrUnknown_ChangesNothing()
    {
        var pending = new CampaignRecipient(1, Alice, null, RecipientStatus.Sending, "msg_1");

        Assert.Empty(NoticeBatch.Apply(Stored(pending), [Delivered(Alice, "msg_1"), Delivered(Bob, "msg_2")], Now, mayResend: true));
    }

    [Fact]
    public void Apply_FailedThenDeliveredInOneBatch_EachAppliesToWhatTheOneBeforeLeft()
    {
        var changes = NoticeBatch.Apply(Stored(Sent(1, Alice)),
            [CampaignNotice.OfDelivery(Alice, "msg_1", DeliveryStatus.Undelivered, "30003"), Delivered(Alice, "msg_1")], Now, mayResend: true);

        Assert.Equal([(RecipientStatus.Sent, RecipientStatus.Failed, "30003"), (RecipientStatus.Failed, RecipientStatus.Delivered, null)],
            changes.Select(c => (c.Before.Status, c.After.Status, c.After.ErrorCode)));
        Assert.Equal(RecipientStatus.Delivered, Assert.Single(NoticeBatch.Latest(changes)).Status);
    }

    [Fact]
    public void Apply_FailureAfterDelivered_ChangesNothing()
    {
        var delivered = Sent(1, Alice) with { Status = RecipientStatus.Delivered };

        Assert.Empty(NoticeBatch.Apply(Stored(delivered), [CampaignNotice.OfDelivery(Alice, "msg_1", DeliveryStatus.Failed, "30005")], Now, mayResend: true));
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
        ], Now, mayResend: true);

        Assert.Equal([(Alice, InboundNotice.Replied), (Bob, InboundNotice.OptedOut), (Alice, InboundNotice.OptedOut)],
            changes.Select(c => (c.After.PhoneNumber, c.Notice.Inbound)));
        var latest = NoticeBatch.Latest(changes).ToDictionary(r => r.PhoneNumber);
        Assert.True(latest[Alice] is { Replied: true, OptedOut: true });
        Assert.True(latest[Bob] is { Replied: false, OptedOut: true });
    }

    [Fact]
    public void Apply_QueueOverflowOfASentRecipient_HoldsItForTheFirstBackOff_KeepingItsMessageId()
    {
        var after = Assert.Single(NoticeBatch.Apply(Stored(Sent(1, Alice)), [Overflow(Alice, "msg_1")], Now, mayResend: true)).After;

        Assert.Equal((RecipientStatus.Held, Now + TimeSpan.FromMinutes(1), 1, "30001", "msg_1"),
            (after.Status, after.HeldUntil, after.Resends, after.ErrorCode, after.MessageId));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 16)]
    public void Apply_QueueOverflowOfAResend_WaitsFourTimesLonger(int resends, int minutes)
    {
        var resent = Sent(1, Alice) with { Resends = resends };

        var after = Assert.Single(NoticeBatch.Apply(Stored(resent), [Overflow(Alice, "msg_1")], Now, mayResend: true)).After;

        Assert.Equal((RecipientStatus.Held, Now + TimeSpan.FromMinutes(minutes), resends + 1), (after.Status, after.HeldUntil, after.Resends));
    }

    [Fact]
    public void Apply_QueueOverflowAfterTheLastResend_FailsTheRecipientWithTheProvidersCode()
    {
        var lastResend = Sent(1, Alice) with { Resends = OverflowResend.MaxResends };

        var after = Assert.Single(NoticeBatch.Apply(Stored(lastResend), [Overflow(Alice, "msg_1")], Now, mayResend: true)).After;

        Assert.Equal((RecipientStatus.Failed, "30001", (DateTimeOffset?)null), (after.Status, after.ErrorCode, after.HeldUntil));
    }

    [Fact]
    public void Apply_QueueOverflow_WhenTheCampaignMayNotSendAnyMore_FailsTheRecipient()
    {
        var after = Assert.Single(NoticeBatch.Apply(Stored(Sent(1, Alice)), [Overflow(Alice, "msg_1")], Now, mayResend: false)).After;

        Assert.Equal((RecipientStatus.Failed, "30001", 0), (after.Status, after.ErrorCode, after.Resends));
    }

    [Fact]
    public void Apply_QueueOverflowRepeated_OrForAnEarlierMessage_ChangesNothingMore()
    {
        // Twilio may repeat a callback; the held recipient ignores it, and once resent (a new message id) so does the recipient.
        var changes = NoticeBatch.Apply(Stored(Sent(1, Alice)), [Overflow(Alice, "msg_1"), Overflow(Alice, "msg_1")], Now, mayResend: true);
        var resent = Sent(1, Alice) with { MessageId = "msg_1b", Resends = 1 };

        Assert.Equal(RecipientStatus.Held, Assert.Single(changes).After.Status);
        Assert.Empty(NoticeBatch.Apply(Stored(resent), [Overflow(Alice, "msg_1")], Now, mayResend: true));
    }

    [Fact]
    public void Apply_OtherFailures_FailTheRecipientAtOnce()
    {
        var after = Assert.Single(NoticeBatch.Apply(Stored(Sent(1, Alice)),
            [CampaignNotice.OfDelivery(Alice, "msg_1", DeliveryStatus.Failed, "30003")], Now, mayResend: true)).After;

        Assert.Equal((RecipientStatus.Failed, 0), (after.Status, after.Resends));
    }

    private static readonly DateTimeOffset Now = new(2027, 1, 4, 15, 0, 0, TimeSpan.Zero);

    private static CampaignNotice Overflow(string phone, string messageId) =>
        CampaignNotice.OfDelivery(phone, messageId, DeliveryStatus.Failed, "30001");

    private static CampaignNotice Delivered(string phone, string messageId) => CampaignNotice.OfDelivery(phone, messageId, DeliveryStatus.Delivered, null);

    private static CampaignRecipient Sent(long seq, string phone) => new(seq, phone, null, RecipientStatus.Sent, $"msg_{seq}");

    private static Dictionary<string, CampaignRecipient> Stored(params CampaignRecipient[] recipients) => recipients.ToDictionary(r => r.PhoneNumber);
}
