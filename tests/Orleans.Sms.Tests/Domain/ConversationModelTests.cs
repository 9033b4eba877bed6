using Orleans.Sms.Agents;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

namespace Orleans.Sms.Tests.Domain;

/// <summary>The conversation's decisions without a silo: a customer message, a session's end and expiry, a tick, a route.</summary>
public sealed class ConversationModelTests : ConversationModelFixture
{
    [Fact]
    public void Receive_TheFirstMessage_StartsAnEngagedSessionAndOwesASessionStartedTurn()
    {
        var record = Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        var session = Assert.IsType<SessionRecord>(State.Session);
        Assert.Equal((true, true, T0, T0), (session.IsActive, session.Engaged, session.StartedAt, session.LastActivityAt));
        Assert.Equal((session.SessionId, MessageDirection.Inbound, DeliveryStatus.Received, "SM1"),
            (record.SessionId, record.Direction, record.DeliveryStatus, record.ProviderMessageSid));
        Assert.Equal([record], State.Recent);
        Assert.Equal([record.MessageId], State.Unarchived);
        Assert.Equal(record.MessageId, State.Dedup.Find("SM1")?.MessageId);
        Assert.Equal(AgentEvents.SessionStarted, State.PendingTurn?.Event);
        Assert.Equal([record.MessageId], State.PendingTurn!.MessageIds);
        Assert.Equal(("tn_1", "uc_1", "live", "+15550000002", "+15550000001"),
            (State.TenantId, State.UseCaseId, State.Environment, State.AgentNumber, State.CustomerNumber));
        // Nothing to store first; only the message's event waits for the write.
        Assert.False(Effects.BeforeWrite);
        var added = Assert.Single(Effects.Events);
        Assert.Equal((ConversationEventKind.MessageAdded, record.MessageId), (added.Kind, added.Message?.MessageId));
    }

    [Fact]
    public void Receive_TheSameProviderMessageInAnotherConversation_GetsAnotherId()
    {
        var here = Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);
        var there = Other(new ConversationState())
            .Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        Assert.NotEqual(here.MessageId, there.MessageId);
        Assert.Equal(here.MessageId, Other(new ConversationState(), "conv_1")
            .Receive(Sms("hi"), Route, InboundKeyword.None, T0).MessageId);
    }

    [Fact]
    public void Receive_TwoMessagesInOneClockTick_AreRecordedATickApartInOrder()
    {
        var first = Model.Receive(Sms("a", "SM1"), Route, InboundKeyword.None, T0);
        var second = Model.Receive(Sms("b", "SM2"), Route, InboundKeyword.None, T0);

        Assert.Equal(T0.AddTicks(1), second.Timestamp);
        Assert.True(first.Timestamp < second.Timestamp);
        Assert.Equal([first.MessageId, second.MessageId], State.PendingTurn!.MessageIds);
    }

    [Fact]
    public void Receive_Stop_OptsOutBeforeTheWrite_MarksDnc_AndEndsTheSessionWithoutATurn()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var sessionId = State.Session!.SessionId;
        Effects.Clear();

        Model.Receive(Sms("STOP", "SM2"), Route, InboundKeyword.OptOut, T0.AddMinutes(1));

        Assert.Equal(ConversationStatus.Dnc, State.Status);
        Assert.Equal((false, SessionEndReason.OptedOut), (State.Session!.IsActive, State.Session.EndReason));
        Assert.Null(State.PendingTurn); // the owed turn of the session went with it
        Assert.True(Effects.OptedOut);
        Assert.Equal(sessionId, Assert.Single(Effects.EndedSessions).SessionId);
        Assert.Equal([ConversationEventKind.SessionEnded, ConversationEventKind.MessageAdded], Effects.Events.Select(e => e.Kind));
        Assert.True(Effects.ArchiveNow);
    }

    [Fact]
    public void Receive_Help_OwesTheHelpTextAndNoTurn()
    {
        Model.Receive(Sms("HELP"), Route, InboundKeyword.Help, T0);

        Assert.True(State.HelpOwed);
        Assert.Null(State.PendingTurn);
        Assert.Null(Effects.OptedOut);
    }

    [Fact]
    public void Receive_StartAfterStop_OptsBackInAndTheAgentSeesIt()
    {
        State.Status = ConversationStatus.Dnc;

        var record = Model.Receive(Sms("START"), Route, InboundKeyword.OptIn, T0);

        Assert.Equal(ConversationStatus.InProgress, State.Status);
        Assert.False(Effects.OptedOut);
        Assert.Equal([record.MessageId], State.PendingTurn!.MessageIds);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Receive_WithoutAgentModeOrWithoutAnAgent_OwesNoTurn(bool agentMode, bool noAgent)
    {
        (State.UseCaseId, State.AgentMode, State.NoAgent) = ("uc_1", agentMode, noAgent); // learned for this use case

        Model.Receive(Sms("hi"), Route, InboundKeyword.None, T0);

        Assert.Null(State.PendingTurn);
    }

    [Fact]
    public void Receive_AfterTheWarningWentUnanswered_EndsTheSessionTimedOutAndStartsAnother()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var first = State.Session!;
        first.WarningSentAt = T0 + Options.WarningAfter;
        State.PendingTurn = null;
        Effects.Clear();
        var late = first.WarningSentAt.Value + Options.GracePeriod + TimeSpan.FromSeconds(1);

        var record = Model.Receive(Sms("still there?", "SM2"), Route, InboundKeyword.None, late);

        var ended = Assert.Single(Effects.EndedSessions);
        Assert.Equal((first.SessionId, SessionEndReason.Timeout), (ended.SessionId, ended.EndReason));
        Assert.NotEqual(first.SessionId, record.SessionId);
        Assert.Equal(record.SessionId, State.Session!.SessionId);
        // The new message starts its own session's turn; the timed-out session's notice was replaced by it.
        Assert.Equal((record.SessionId, AgentEvents.SessionStarted), (State.PendingTurn!.SessionId, State.PendingTurn.Event));
    }

    [Fact]
    public void Receive_ADueWarningNotSentYet_EndsNothing()
    {
        Model.Receive(Sms("hi", "SM1"), Route, InboundKeyword.None, T0);
        var sessionId = State.Session!.SessionId;

        Model.Receive(Sms("back", "SM2"), Route, InboundKeyword.None, T0 + Options.WarningAfter + TimeSpan.FromHours(1));

        Assert.Equal(sessionId, State.Session!.SessionId);
        Assert.Empty(Effects.EndedSessions);
    }

    [Fact]
    public void Receive_InACampaignSession_ReportsTheFirstReplyOnce_AndAStopEveryTime()
    {
        State.Session = ConversationModel.NewSession(T0);
        State.Session.CampaignId = "cmp_1";

        Model.Receive(Sms("yes", "SM1"), Route, InboundKeyword.None, T0.AddMinutes(1));
        Assert.Equal(("cmp_1", InboundNotice.Replied), Effects.CampaignInbound);
        Effects.Clear();

        Model.Receive(Sms("and also", "SM2"), Route, InboundKeyword.None, T0.AddMinutes(2));
        Assert.Null(Effects.CampaignInbound);

        Model.Receive(Sms("STOP", "SM3"), Route, InboundKeyword.OptOut, T0.AddMinutes(3));
        Assert.Equal(("cmp_1", InboundNotice.OptedOut), Effects.CampaignInbound);
    }

    [Fact]
    public void EndSession_OnTimeout_TellsTheAgentWarningTimeout_UnlessThereIsNoAgent()
    {
        State.Session = ConversationModel.NewSession(T0);

        Assert.True(Model.EndSession(SessionEndReason.Timeout, T0.AddHours(25)));

        Assert.Equal((AgentEvents.WarningTimeout, State.Session.SessionId), (State.PendingTurn?.Event, State.PendingTurn?.SessionId));
        var view = Assert.Single(Effects.EndedSessions);
        Assert.Equal((SessionState.Ended, SessionEndReason.Timeout, T0.AddHours(25)), (view.State, view.EndReason, view.EndedAt));

        var other = new ConversationState { Session = ConversationModel.NewSession(T0), NoAgent = true };
        Other(other).EndSession(SessionEndReason.Timeout, T0.AddHours(25));
        Assert.Null(other.PendingTurn);
    }

    [Fact]
    public void EndSession_WithNoActiveSession_DoesNothing()
    {
        Assert.False(Model.EndSession(SessionEndReason.Closed, T0));

        State.Session = ConversationModel.NewSession(T0);
        Model.EndSession(SessionEndReason.Closed, T0);
        Effects.Clear();
        Assert.False(Model.EndSession(SessionEndReason.Closed, T0.AddMinutes(1)));

        Assert.Equal(T0, State.Session.EndedAt);
        Assert.False(Effects.BeforeWrite || Effects.AfterWrite);
    }

    [Fact]
    public void ExpireLazily_AnUnansweredCampaignSessionPastItsWindow_EndsExpiredAtTheEndOfItsWindow()
    {
        State.Session = ConversationModel.NewSession(T0);
        State.Session.CampaignId = "cmp_1";
        var windowEnd = T0 + Options.ResumeWindow;

        Assert.False(Model.ExpireLazily(windowEnd - TimeSpan.FromSeconds(1)));
        Assert.True(Model.ExpireLazily(windowEnd + TimeSpan.FromDays(3)));

        Assert.Equal((SessionEndReason.Expired, windowEnd), (State.Session.EndReason, State.Session.EndedAt));
        Assert.Equal(windowEnd, Assert.Single(Effects.Events).At);
    }

    [Fact]
    public void ExpireLazily_ASessionTheCustomerAnswered_IsLeftToItsReminder()
    {
        State.Session = ConversationModel.NewSession(T0);
        (State.Session.CampaignId, State.Session.Engaged) = ("cmp_1", true);

        Assert.False(Model.ExpireLazily(T0 + Options.ResumeWindow + TimeSpan.FromDays(1)));
        Assert.True(State.Session.IsActive);
    }

    [Fact]
    public void Adopt_AnotherUseCase_ForgetsWhatWasLearnedOfTheOld()
    {
        (State.UseCaseId, State.NoAgent, State.BatchWindow, State.BatchWindowLearned, State.TenantId) =
            ("uc_0", true, TimeSpan.FromSeconds(9), true, "tn_first");

        Model.Adopt(Route, "+15550000002", "+15550000001");

        Assert.Equal(("uc_1", false, (TimeSpan?)null, false), (State.UseCaseId, State.NoAgent, State.BatchWindow, State.BatchWindowLearned));
        Assert.Equal("tn_first", State.TenantId); // a conversation never changes tenant
    }

    [Fact]
    public void Adopt_TheSameUseCase_KeepsWhatWasLearned()
    {
        (State.UseCaseId, State.NoAgent, State.BatchWindowLearned) = ("uc_1", true, true);

        Model.Adopt(Route, "+15550000002", "+15550000001");

        Assert.Equal((true, true), (State.NoAgent, State.BatchWindowLearned));
    }

    [Fact]
    public void Tick_WhenTheWarningIsDue_RecordsItAsSentBeforeItGoes_AndASecondTickDoesNotWarnAgain()
    {
        var session = InSession();
        session.Engaged = true;
        var due = T0 + Options.WarningAfter;

        Assert.False(Model.Tick(due - TimeSpan.FromSeconds(1)));
        Assert.True(Model.Tick(due));
        Assert.False(Model.Tick(due.AddSeconds(5))); // a repeated tick

        Assert.Equal(due, session.WarningSentAt);
        Assert.True(session.IsActive);
    }

    [Fact]
    public void Tick_AfterTheGracePeriod_EndsTheSessionTimedOut_AndANeverEngagedOnePastItsWindowExpired()
    {
        var session = InSession();
        (session.Engaged, session.WarningSentAt) = (true, T0 + Options.WarningAfter);

        Assert.False(Model.Tick(session.WarningSentAt.Value + Options.GracePeriod));
        Assert.Equal(SessionEndReason.Timeout, session.EndReason);

        var quiet = new ConversationState { Session = ConversationModel.NewSession(T0) };
        Assert.False(Other(quiet).Tick(T0 + Options.ResumeWindow));
        Assert.Equal(SessionEndReason.Expired, quiet.Session.EndReason);
    }

    [Theory]
    [InlineData(10, "Are you still there? This conversation closes in 10 minutes unless you reply.")]
    [InlineData(60, "Are you still there? This conversation closes in 1 hour unless you reply.")]
    [InlineData(0.5, "Are you still there? This conversation closes in 30 seconds unless you reply.")]
    public void WarningText_IsTheUseCasesOrNamesTheGracePeriod(double graceMinutes, string engines)
    {
        var model = new ConversationModel(State, "conv_1", new SessionOptions { GracePeriod = TimeSpan.FromMinutes(graceMinutes) }, Effects, Usage);

        Assert.Equal(engines, model.WarningText(null));
        Assert.Equal("Still with us?", model.WarningText("Still with us?"));
    }
}
