using Orleans.Sms.Agents;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

namespace Orleans.Sms.Tests.Domain;

/// <summary>The conversation's decisions without a silo: what they change in state and what they leave to run at the write.</summary>
public sealed class ConversationModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = new();
    private static readonly ConversationRoute Route = new("tn_1", "uc_1", "live");

    private readonly ConversationState _state = new();
    private readonly ConversationEffects _effects = new();

    private ConversationModel Model => new(_state, "conv_1", Options, _effects);

    private static InboundSms Sms(string body, string sid = "SM1") => new(sid, "+15550000001", "+15550000002", body, []);

    [Fact]
    public void Receive_TheFirstMessage_StartsAnEngagedSessionAndOwesASessionStartedTurn()
    {
        var record = Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        var session = Assert.IsType<SessionRecord>(_state.Session);
        Assert.Equal((true, true, T0, T0), (session.IsActive, session.Engaged, session.StartedAt, session.LastActivityAt));
        Assert.Equal((session.SessionId, MessageDirection.Inbound, DeliveryStatus.Received, "SM1"),
            (record.SessionId, record.Direction, record.DeliveryStatus, record.ProviderMessageSid));
        Assert.Equal([record], _state.Recent);
        Assert.Equal([record.MessageId], _state.Unarchived);
        Assert.Equal(record.MessageId, _state.Dedup.Find("SM1")?.MessageId);
        Assert.Equal(AgentEvents.SessionStarted, _state.PendingTurn?.Event);
        Assert.Equal([record.MessageId], _state.PendingTurn!.MessageIds);
        Assert.Equal(("tn_1", "uc_1", "live", "+15550000002", "+15550000001"),
            (_state.TenantId, _state.UseCaseId, _state.Environment, _state.AgentNumber, _state.CustomerNumber));
        // Nothing to store first; only the message's event waits for the write.
        Assert.False(_effects.BeforeWrite);
        var added = Assert.Single(_effects.Events);
        Assert.Equal((ConversationEventKind.MessageAdded, record.MessageId), (added.Kind, added.Message?.MessageId));
    }

    [Fact]
    public void Receive_TheSameProviderMessageInAnotherConversation_GetsAnotherId()
    {
        var here = Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);
        var there = new ConversationModel(new ConversationState(), "conv_2", Options, new ConversationEffects())
            .Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        Assert.NotEqual(here.MessageId, there.MessageId);
        Assert.Equal(here.MessageId, new ConversationModel(new ConversationState(), "conv_1", Options, new ConversationEffects())
            .Receive(Sms("hi"), Route, InboundKeyword.None, T0).MessageId);
    }

    [Fact]
    public void Receive_TwoMessagesInOneClockTick_AreRecordedATickApartInOrder()
    {
        var first = Model.Receive(Sms("a", "SM1"), Route, InboundKeyword.None, T0);
        var second = Model.Receive(Sms("b", "SM2"), Route, InboundKeyword.None, T0);

        Assert.Equal(T0.AddTicks(1), second.Timestamp);
        Assert.True(first.Timestamp < second.Timestamp);
        Assert.Equal([first.MessageId, second.MessageId], _state.PendingTurn!.MessageIds);
    }

    [Fact]
    public void Receive_Stop_OptsOutBeforeTheWrite_MarksDnc_AndEndsTheSessionWithoutATurn()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var sessionId = _state.Session!.SessionId;
        _effects.Clear();

        Model.Receive(Sms("STOP", "SM2"), Route, InboundKeyword.OptOut, T0.AddMinutes(1));

        Assert.Equal(ConversationStatus.Dnc, _state.Status);
        Assert.Equal((false, SessionEndReason.OptedOut), (_state.Session!.IsActive, _state.Session.EndReason));
        Assert.Null(_state.PendingTurn); // the owed turn of the session went with it
        Assert.True(_effects.OptedOut);
        Assert.Equal(sessionId, Assert.Single(_effects.EndedSessions).SessionId);
        Assert.Equal([ConversationEventKind.SessionEnded, ConversationEventKind.MessageAdded], _effects.Events.Select(e => e.Kind));
        Assert.True(_effects.ArchiveNow);
    }

    [Fact]
    public void Receive_Help_OwesTheHelpTextAndNoTurn()
    {
        Model.Receive(Sms("HELP"), Route, InboundKeyword.Help, T0);

        Assert.True(_state.HelpOwed);
        Assert.Null(_state.PendingTurn);
        Assert.Null(_effects.OptedOut);
    }

    [Fact]
    public void Receive_StartAfterStop_OptsBackInAndTheAgentSeesIt()
    {
        _state.Status = ConversationStatus.Dnc;

        var record = Model.Receive(Sms("START"), Route, InboundKeyword.OptIn, T0);

        Assert.Equal(ConversationStatus.InProgress, _state.Status);
        Assert.False(_effects.OptedOut);
        Assert.Equal([record.MessageId], _state.PendingTurn!.MessageIds);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Receive_WithoutAgentModeOrWithoutAnAgent_OwesNoTurn(bool agentMode, bool noAgent)
    {
        (_state.UseCaseId, _state.AgentMode, _state.NoAgent) = ("uc_1", agentMode, noAgent); // learned for this use case

        Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        Assert.Null(_state.PendingTurn);
    }

    [Fact]
    public void Receive_AfterTheWarningWentUnanswered_EndsTheSessionTimedOutAndStartsAnother()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var first = _state.Session!;
        first.WarningSentAt = T0 + Options.WarningAfter;
        _state.PendingTurn = null;
        _effects.Clear();
        var late = first.WarningSentAt.Value + Options.GracePeriod + TimeSpan.FromSeconds(1);

        var record = Model.Receive(Sms("still there?", "SM2"), Route, InboundKeyword.None, late);

        var ended = Assert.Single(_effects.EndedSessions);
        Assert.Equal((first.SessionId, SessionEndReason.Timeout), (ended.SessionId, ended.EndReason));
        Assert.NotEqual(first.SessionId, record.SessionId);
        Assert.Equal(record.SessionId, _state.Session!.SessionId);
        // The new message starts its own session's turn; the timed-out session's notice was replaced by it.
        Assert.Equal((record.SessionId, AgentEvents.SessionStarted), (_state.PendingTurn!.SessionId, _state.PendingTurn.Event));
    }

    [Fact]
    public void Receive_ADueWarningNotSentYet_EndsNothing()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var sessionId = _state.Session!.SessionId;

        Model.Receive(Sms("back", "SM2"), Route, InboundKeyword.None, T0 + Options.WarningAfter + TimeSpan.FromHours(1));

        Assert.Equal(sessionId, _state.Session!.SessionId);
        Assert.Empty(_effects.EndedSessions);
    }

    [Fact]
    public void Receive_InACampaignSession_ReportsTheFirstReplyOnce_AndAStopEveryTime()
    {
        _state.Session = ConversationModel.NewSession(T0);
        _state.Session.CampaignId = "cmp_1";

        Model.Receive(Sms("yes", "SM1"), Route, InboundKeyword.None, T0.AddMinutes(1));
        Assert.Equal(("cmp_1", InboundNotice.Replied), _effects.CampaignInbound);
        _effects.Clear();

        Model.Receive(Sms("and also", "SM2"), Route, InboundKeyword.None, T0.AddMinutes(2));
        Assert.Null(_effects.CampaignInbound);

        Model.Receive(Sms("STOP", "SM3"), Route, InboundKeyword.OptOut, T0.AddMinutes(3));
        Assert.Equal(("cmp_1", InboundNotice.OptedOut), _effects.CampaignInbound);
    }

    [Fact]
    public void EndSession_OnTimeout_TellsTheAgentWarningTimeout_UnlessThereIsNoAgent()
    {
        _state.Session = ConversationModel.NewSession(T0);

        Assert.True(Model.EndSession(SessionEndReason.Timeout, T0.AddHours(25)));

        Assert.Equal((AgentEvents.WarningTimeout, _state.Session.SessionId), (_state.PendingTurn?.Event, _state.PendingTurn?.SessionId));
        var view = Assert.Single(_effects.EndedSessions);
        Assert.Equal((SessionState.Ended, SessionEndReason.Timeout, T0.AddHours(25)), (view.State, view.EndReason, view.EndedAt));

        var other = new ConversationState { Session = ConversationModel.NewSession(T0), NoAgent = true };
        new ConversationModel(other, "conv_2", Options, new ConversationEffects()).EndSession(SessionEndReason.Timeout, T0.AddHours(25));
        Assert.Null(other.PendingTurn);
    }

    [Fact]
    public void EndSession_WithNoActiveSession_DoesNothing()
    {
        Assert.False(Model.EndSession(SessionEndReason.Closed, T0));

        _state.Session = ConversationModel.NewSession(T0);
        Model.EndSession(SessionEndReason.Closed, T0);
        _effects.Clear();
        Assert.False(Model.EndSession(SessionEndReason.Closed, T0.AddMinutes(1)));

        Assert.Equal(T0, _state.Session.EndedAt);
        Assert.False(_effects.BeforeWrite || _effects.AfterWrite);
    }

    [Fact]
    public void ExpireLazily_AnUnansweredCampaignSessionPastItsWindow_EndsExpiredAtTheEndOfItsWindow()
    {
        _state.Session = ConversationModel.NewSession(T0);
        _state.Session.CampaignId = "cmp_1";
        var windowEnd = T0 + Options.ResumeWindow;

        Assert.False(Model.ExpireLazily(windowEnd - TimeSpan.FromSeconds(1)));
        Assert.True(Model.ExpireLazily(windowEnd + TimeSpan.FromDays(3)));

        Assert.Equal((SessionEndReason.Expired, windowEnd), (_state.Session.EndReason, _state.Session.EndedAt));
        Assert.Equal(windowEnd, Assert.Single(_effects.Events).At);
    }

    [Fact]
    public void ExpireLazily_ASessionTheCustomerAnswered_IsLeftToItsReminder()
    {
        _state.Session = ConversationModel.NewSession(T0);
        (_state.Session.CampaignId, _state.Session.Engaged) = ("cmp_1", true);

        Assert.False(Model.ExpireLazily(T0 + Options.ResumeWindow + TimeSpan.FromDays(1)));
        Assert.True(_state.Session.IsActive);
    }

    [Fact]
    public void Adopt_AnotherUseCase_ForgetsWhatWasLearnedOfTheOld()
    {
        (_state.UseCaseId, _state.NoAgent, _state.BatchWindow, _state.BatchWindowLearned, _state.TenantId) =
            ("uc_0", true, TimeSpan.FromSeconds(9), true, "tn_first");

        Model.Adopt(Route, "+15550000002", "+15550000001");

        Assert.Equal(("uc_1", false, (TimeSpan?)null, false), (_state.UseCaseId, _state.NoAgent, _state.BatchWindow, _state.BatchWindowLearned));
        Assert.Equal("tn_first", _state.TenantId); // a conversation never changes tenant
    }

    [Fact]
    public void Adopt_TheSameUseCase_KeepsWhatWasLearned()
    {
        (_state.UseCaseId, _state.NoAgent, _state.BatchWindowLearned) = ("uc_1", true, true);

        Model.Adopt(Route, "+15550000002", "+15550000001");

        Assert.Equal((true, true), (_state.NoAgent, _state.BatchWindowLearned));
    }
}
