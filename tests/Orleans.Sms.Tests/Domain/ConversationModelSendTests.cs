using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Tests.Domain;

/// <summary>The conversation's decisions on what it sends: an opening, a reply, HELP, an agent's answer, a provider's answer, a delivery report.</summary>
public sealed class ConversationModelSendTests : ConversationModelFixture
{
    private SmsMessage Sent(string body = "hi", bool prepaid = false)
    {
        InSession();
        var message = Model.RecordOutbound([body], MessageRole.Agent, MessageSource.Campaign, null, "cmp_1", null, T0)[0];
        if (prepaid)
        {
            Usage.Prepay(message);
        }
        return message;
    }

    [Fact]
    public void RecordOutbound_ThePartsOfOneText_AreAcceptedInOrderATickApart_TheFirstWithTheChosenId()
    {
        var session = InSession();

        var messages = Model.RecordOutbound(["one", "two"], MessageRole.Agent, MessageSource.SmsAgent, null, null, "msg_chosen", T0.AddMinutes(5));

        Assert.Equal(("msg_chosen", "one", T0.AddMinutes(5)), (messages[0].MessageId, messages[0].Body, messages[0].Timestamp));
        Assert.Equal(("two", T0.AddMinutes(5).AddTicks(1)), (messages[1].Body, messages[1].Timestamp));
        Assert.All(messages, m => Assert.Equal((DeliveryStatus.Accepted, MessageDirection.Outbound, session.SessionId), (m.DeliveryStatus, m.Direction, m.SessionId)));
        Assert.Equal(messages.Select(m => m.MessageId), State.Unarchived);
        Assert.Equal(T0.AddMinutes(5), session.LastActivityAt);
        Assert.Empty(Effects.Events); // a sent message's event follows its provider call
    }

    [Fact]
    public void RecordOutbound_TheEnginesOwnText_DoesNotCountAsActivity()
    {
        var session = InSession();

        Model.RecordOutbound(["Are you still there?"], MessageRole.System, MessageSource.System, null, null, null, T0.AddHours(24));

        Assert.Equal(T0, session.LastActivityAt);
    }

    [Fact]
    public void RecordOutbound_Refused_IsStoredFailedWithTheReason_AndPublishedAfterTheWrite()
    {
        InSession();

        var messages = Model.RecordOutbound(["hi"], MessageRole.Agent, MessageSource.Manual,
            new SmsError(SmsErrorCodes.RecipientOptedOut, "opted out"), "cmp_1", null, T0);

        var message = Assert.Single(messages);
        Assert.Equal((DeliveryStatus.Failed, SmsErrorCodes.RecipientOptedOut, "cmp_1"), (message.DeliveryStatus, message.ErrorCode, message.CampaignId));
        Assert.Equal(message.MessageId, Assert.Single(Effects.Events).Message?.MessageId);
    }

    [Fact]
    public void Settle_Accepted_RecordsTheProvidersIdAndCountsTheMessageOnce()
    {
        var message = Sent();

        var settled = Model.Settle(message, SendReconciliation.FirstSend(message.MessageId, T0), SendOutcome.Accepted,
            new SendReceipt("SMprov1", DeliveryStatus.Queued), null, T0);

        Assert.Equal((SendAction.Settle, (UnsettledSend?)null), (settled.Decision.Action, settled.Owed));
        Assert.Equal(("SMprov1", DeliveryStatus.Queued), (settled.Message.ProviderMessageSid, settled.Message.DeliveryStatus));
        Assert.Same(settled.Message, State.Recent.Single(m => m.MessageId == message.MessageId));
        Assert.Equal(1, Assert.Single(State.OwedUsage).Delta.OutboundMessages);
        Assert.Empty(Effects.CampaignDeliveries); // accepted is not final: the delivery report tells the campaign
    }

    [Fact]
    public void Settle_APrepaidCampaignMessage_IsNotCountedTwice_AndIsTakenBackWhenRefused()
    {
        var taken = Sent(prepaid: true);
        Model.Settle(taken, SendReconciliation.FirstSend(taken.MessageId, T0), SendOutcome.Accepted, new SendReceipt("SMp", DeliveryStatus.Queued), null, T0);
        Assert.Equal(1, State.OwedUsage.Sum(u => u.Delta.OutboundMessages));

        var refused = Model.RecordOutbound(["again"], MessageRole.Agent, MessageSource.Campaign, null, "cmp_1", null, T0)[0];
        Usage.Prepay(refused);
        Model.Settle(refused, SendReconciliation.FirstSend(refused.MessageId, T0), SendOutcome.Refused, null, "21211", T0);

        Assert.Equal(1, State.OwedUsage.Sum(u => u.Delta.OutboundMessages));
        Assert.Empty(State.PrepaidUsage);
    }

    [Fact]
    public void Settle_TheCarrierSaysOptedOut_FailsTheMessage_OptsOut_EndsTheSession_AndTellsTheCampaignAfterTheWrite()
    {
        var message = Sent();

        var settled = Model.Settle(message, SendReconciliation.FirstSend(message.MessageId, T0), SendOutcome.Refused, null, "21610", T0.AddSeconds(1));

        Assert.Equal((DeliveryStatus.Failed, "21610"), (settled.Message.DeliveryStatus, settled.Message.ErrorCode));
        Assert.Equal(ConversationStatus.Dnc, State.Status);
        Assert.True(Effects.OptedOut);
        Assert.Equal(SessionEndReason.OptedOut, Assert.Single(Effects.EndedSessions).EndReason);
        Assert.Equal(message.MessageId, Assert.Single(Effects.CampaignDeliveries).MessageId);
        Assert.Empty(State.OwedUsage);
    }

    [Fact]
    public void Settle_UnknownOutcome_OwesALookupAndLeavesTheMessageAsItWas()
    {
        var message = Sent();

        var settled = Model.Settle(message, SendReconciliation.FirstSend(message.MessageId, T0), SendOutcome.Unknown, null, null, T0);

        Assert.Equal(SendAction.LookUp, settled.Owed?.Next);
        Assert.Equal(settled.Owed, Assert.Single(State.Unsettled));
        Assert.Equal((DeliveryStatus.Accepted, (string?)null), (settled.Message.DeliveryStatus, settled.Message.ProviderMessageSid));
        Assert.Empty(State.OwedUsage);
        Assert.False(Effects.BeforeWrite || Effects.AfterWrite);
    }

    [Fact]
    public void Settle_NotTakenAfterTheLastSend_FailsAndAPersonMustLook()
    {
        var message = Sent();
        var done = SendReconciliation.FirstSend(message.MessageId, T0) with { Sends = SendReconciliation.MaxSends };

        var settled = Model.Settle(message, done, SendOutcome.NotTaken, null, null, T0);

        Assert.Equal(DeliveryStatus.Failed, settled.Message.DeliveryStatus);
        Assert.Equal(ConversationStatus.FollowUp, State.Status);
        Assert.Empty(State.Unsettled);
    }

    [Fact]
    public void ApplyDelivery_AFinalStatus_UpdatesTheWindowAndTellsTheCampaign_AStatusOnTheWayDoesNot()
    {
        var message = Sent() with { ProviderMessageSid = "SMd" };
        State.AddRecent(message);

        Model.ApplyDelivery(DeliveryUpdate.Of(State, message, new DeliveryReport(null, "SMd", DeliveryStatus.Sent, null))!, T0);
        Assert.Empty(Effects.CampaignDeliveries);
        Model.ApplyDelivery(DeliveryUpdate.Of(State, State.Recent[^1], new DeliveryReport(null, "SMd", DeliveryStatus.Delivered, null))!, T0);

        Assert.Equal(DeliveryStatus.Delivered, State.Recent.Single(m => m.MessageId == message.MessageId).DeliveryStatus);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(Effects.CampaignDeliveries).DeliveryStatus);
        Assert.Null(Effects.OptedOut);
    }

    [Fact]
    public void Open_EndsTheCurrentSessionSuperseded_AndRemembersTheCallersIdWithinItsCapacity()
    {
        var old = InSession();
        for (var i = 0; i < ConversationState.ChosenSendsCapacity; i++)
        {
            State.ChosenSends.Add($"msg_old{i}");
        }
        var opening = ConversationModel.NewSession(T0.AddHours(1));

        Model.Open(opening, "cmp_1", "msg_chosen", T0.AddHours(2));

        Assert.Equal(SessionEndReason.Superseded, old.EndReason);
        Assert.Same(opening, State.Session);
        Assert.Equal(("cmp_1", T0.AddHours(2)), (opening.CampaignId, opening.LastActivityAt));
        Assert.Equal(ConversationState.ChosenSendsCapacity, State.ChosenSends.Count);
        Assert.Equal(("msg_old1", "msg_chosen"), (State.ChosenSends[0], State.ChosenSends[^1]));
    }

    [Fact]
    public void TakeHelp_AnswersOnce_InTheActiveSessionOrANewOne_WithTheUseCasesTextOrTheEngines()
    {
        State.HelpOwed = true;

        var text = Model.TakeHelp(null, "Clinic", T0);

        Assert.Equal("Clinic: reply STOP to opt out. Msg & data rates may apply.", text);
        Assert.False(State.HelpOwed);
        var session = Assert.IsType<SessionRecord>(State.Session);
        Assert.Same(session, Model.ActiveOrNew(T0.AddMinutes(1)));
        Assert.Equal("Call 555-0100.", Model.TakeHelp("Call 555-0100.", "Clinic", T0));
        Assert.Equal("This number: reply STOP to opt out. Msg & data rates may apply.", Model.TakeHelp(null, null, T0));
    }

    [Fact]
    public void Speak_AnAnswerThatEndsTheSession_SendsItAsTheSessionsLastMessage()
    {
        var session = InSession();

        var parts = Model.Speak(new AgentAnswer(true, false, EndsSession: true), "Goodbye!", T0.AddMinutes(3), out var truncated);

        Assert.Equal(["Goodbye!"], parts);
        Assert.False(truncated);
        Assert.Equal((SessionEndReason.Closed, T0.AddMinutes(3)), (session.EndReason, session.LastActivityAt));
    }

    [Fact]
    public void Speak_AnAnswerThatDoesNotSpeak_SendsNothingAndMovesNothing()
    {
        var session = InSession();

        Assert.Empty(Model.Speak(new AgentAnswer(false, false, false), "late", T0.AddMinutes(3), out _));

        Assert.Equal((true, T0), (session.IsActive, session.LastActivityAt));
    }

    [Fact]
    public void SplitAgentText_PastTheLimit_KeepsTheFirstMessagesAndNotesTheCutForAPerson()
    {
        var text = string.Concat(Enumerable.Repeat(new string('a', 150) + " ", ReplySplitter.MaxParts * ReplySplitter.MaxBodyLength / 100));

        var parts = Model.SplitAgentText(text, T0, out var truncated);

        Assert.True(truncated);
        Assert.Equal(ReplySplitter.MaxParts, parts.Count);
        Assert.StartsWith(ConversationModel.ReplyTruncated, State.LastAgentFailure?.Reason);
        var other = new ConversationState();
        Assert.Equal(["short"], Other(other).SplitAgentText("short", T0, out var cut));
        Assert.False(cut);
        Assert.Null(other.LastAgentFailure);
    }
}
