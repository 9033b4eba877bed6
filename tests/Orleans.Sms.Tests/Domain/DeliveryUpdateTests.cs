using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class DeliveryUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SmsMessage Sent(string id, string? sid, DeliveryStatus status = DeliveryStatus.Sent, string? errorCode = null) => new(
        id, "ses_1", MessageDirection.Outbound, MessageRole.Agent, MessageSource.SmsAgent, "hello", T0, 1, SmsEncoding.Gsm7, sid, status, errorCode, []);

    private static ConversationState Holding(params SmsMessage[] messages)
    {
        var state = new ConversationState();
        foreach (var message in messages)
        {
            state.AddRecent(message);
        }
        return state;
    }

    [Fact]
    public void FindRecent_ByTheEnginesIdOrByTheSid()
    {
        var (first, second) = (Sent("m1", "SM1"), Sent("m2", null));
        var state = Holding(first, second);

        Assert.Same(second, DeliveryUpdate.FindRecent(state, new DeliveryReport("m2", "SMnew", DeliveryStatus.Delivered, null)));
        Assert.Same(first, DeliveryUpdate.FindRecent(state, new DeliveryReport(null, "SM1", DeliveryStatus.Delivered, null)));
        Assert.Null(DeliveryUpdate.FindRecent(state, new DeliveryReport(null, "SMx", DeliveryStatus.Delivered, null)));
    }

    [Fact]
    public void Of_AStatusAhead_UpdatesTheMessageInTheWindowAndFillsAMissingSid()
    {
        var message = Sent("m1", null);

        var update = DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", DeliveryStatus.Delivered, null));

        Assert.NotNull(update);
        Assert.Equal(("SM1", DeliveryStatus.Delivered, true, false),
            (update.Message.ProviderMessageSid, update.Message.DeliveryStatus, update.InWindow, update.OptsOut));
    }

    [Fact]
    public void Of_KeepsTheKnownSidAndAnErrorCodeTheReportDoesNotCarry()
    {
        var message = Sent("m1", "SM1", DeliveryStatus.Undelivered, "30003");

        var update = DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SMother", DeliveryStatus.Delivered, null));

        Assert.Equal(("SM1", "30003"), (update!.Message.ProviderMessageSid, update.Message.ErrorCode));
    }

    [Theory]
    [InlineData(DeliveryStatus.Sent)] // a repeat
    [InlineData(DeliveryStatus.Queued)] // late: never backwards
    public void Of_ARepeatOrALateStatus_ChangesNothing(DeliveryStatus reported)
    {
        var message = Sent("m1", "SM1");

        Assert.Null(DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", reported, null)));
    }

    [Theory]
    [InlineData(DeliveryStatus.Sending, false)]
    [InlineData(DeliveryStatus.Sent, false)]
    [InlineData(DeliveryStatus.Undelivered, true)]
    [InlineData(DeliveryStatus.Failed, true)]
    [InlineData(DeliveryStatus.Delivered, true)]
    [InlineData(DeliveryStatus.Read, true)]
    public void WritesNow_FinalStatusesOnly_ForAMessageInTheWindow(DeliveryStatus reported, bool writesNow)
    {
        var message = Sent("m1", "SM1", DeliveryStatus.Queued);

        Assert.Equal(writesNow, DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", reported, null))!.WritesNow);
    }

    [Fact]
    public void WritesNow_AnOptOutOrAnArchivedMessage_EvenOnTheWay()
    {
        var message = Sent("m1", "SM1", DeliveryStatus.Queued);
        var archived = Sent("m0", "SM0", DeliveryStatus.Queued);

        Assert.True(DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", DeliveryStatus.Sent, "21610"))!.WritesNow);
        Assert.True(DeliveryUpdate.Of(Holding(message), archived, new DeliveryReport("m0", "SM0", DeliveryStatus.Sent, null))!.WritesNow);
    }

    [Fact]
    public void Of_AnUnknownOrInboundMessage_ChangesNothing()
    {
        var inbound = Sent("m1", "SM1", DeliveryStatus.Received) with { Direction = MessageDirection.Inbound };

        Assert.Null(DeliveryUpdate.Of(new ConversationState(), null, new DeliveryReport(null, "SM1", DeliveryStatus.Delivered, null)));
        Assert.Null(DeliveryUpdate.Of(Holding(inbound), inbound, new DeliveryReport(null, "SM1", DeliveryStatus.Delivered, null)));
    }

    [Fact]
    public void Of_AMessageNoLongerInTheWindow_GoesToTheArchive()
    {
        var archived = Sent("m0", "SM0");

        var update = DeliveryUpdate.Of(Holding(Sent("m1", "SM1")), archived, new DeliveryReport(null, "SM0", DeliveryStatus.Delivered, null));

        Assert.False(update!.InWindow);
    }

    [Fact]
    public void Of_Error21610_OptsTheRecipientOut()
    {
        var message = Sent("m1", "SM1");

        var update = DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", DeliveryStatus.Failed, "21610"));

        Assert.Equal((true, DeliveryStatus.Failed, "21610"), (update!.OptsOut, update.Message.DeliveryStatus, update.Message.ErrorCode));
    }

    [Fact]
    public void Of_Error30001_SlowsTheSender_AndOtherReportsDoNot()
    {
        var message = Sent("m1", "SM1");

        var overflow = DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", DeliveryStatus.Failed, "30001"));
        var refused = DeliveryUpdate.Of(Holding(message), message, new DeliveryReport("m1", "SM1", DeliveryStatus.Undelivered, "30003"));

        Assert.Equal((true, false), (overflow!.SlowsSender, overflow.OptsOut));
        Assert.False(refused!.SlowsSender);
    }

    [Fact]
    public void RepeatsFinal_OnlyTheSameFinalStatusOfACampaignMessage()
    {
        var delivered = Sent("m1", "SM1", DeliveryStatus.Delivered) with { CampaignId = "cmp_1" };
        DeliveryReport Report(DeliveryStatus status) => new("m1", "SM1", status, null);

        Assert.True(DeliveryUpdate.RepeatsFinal(delivered, Report(DeliveryStatus.Delivered)));
        Assert.False(DeliveryUpdate.RepeatsFinal(delivered, Report(DeliveryStatus.Sent))); // a late report, not a repeat
        Assert.False(DeliveryUpdate.RepeatsFinal(delivered with { CampaignId = null }, Report(DeliveryStatus.Delivered)));
        Assert.False(DeliveryUpdate.RepeatsFinal(Sent("m1", "SM1") with { CampaignId = "cmp_1" }, Report(DeliveryStatus.Sent))); // not final
        Assert.False(DeliveryUpdate.RepeatsFinal(null, Report(DeliveryStatus.Delivered)));
    }
}
