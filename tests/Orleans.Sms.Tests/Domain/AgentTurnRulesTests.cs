using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class AgentTurnRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SessionRecord Session(string id = "ses_1") => new() { SessionId = id, StartedAt = T0, LastActivityAt = T0 };

    private static ConversationState InSession(PendingAgentTurn? pending = null) =>
        new() { Session = Session(), PendingTurn = pending, ContextJson = """{"a":1}""" };

    private static PendingAgentTurn Turn(string @event, params string[] ids) => new("ses_1", @event, T0, ids);

    [Fact]
    public void Owe_TheFirstMessageOfANewSession_StartsASessionStartedTurn()
    {
        var owed = AgentTurnRules.Owe(null, Session(), started: true, "m1", T0);

        Assert.Equal(("ses_1", AgentEvents.SessionStarted, T0, false), (owed.SessionId, owed.Event, owed.Since, owed.Parked));
        Assert.Equal(["m1"], owed.MessageIds);
    }

    [Fact]
    public void Owe_AMessageWhileATurnIsOwed_JoinsIt()
    {
        var owed = AgentTurnRules.Owe(Turn(AgentEvents.Messages, "m1"), Session(), started: false, "m2", T0.AddSeconds(2));

        Assert.Equal(["m1", "m2"], owed.MessageIds);
        Assert.Equal(T0, owed.Since);
    }

    [Fact]
    public void Owe_AMessageAfterAFailedTurn_ResumesItFromNow()
    {
        var parked = Turn(AgentEvents.Messages, "m1") with { Parked = true };

        var owed = AgentTurnRules.Owe(parked, Session(), started: false, "m2", T0.AddMinutes(3));

        Assert.Equal(["m1", "m2"], owed.MessageIds);
        Assert.Equal((false, T0.AddMinutes(3)), (owed.Parked, owed.Since));
    }

    [Fact]
    public void Owe_ATurnOfAnotherSessionOrATimeoutNotice_IsReplacedByANewTurn()
    {
        var notice = new PendingAgentTurn("ses_1", AgentEvents.WarningTimeout, T0, []);
        var old = new PendingAgentTurn("ses_0", AgentEvents.Messages, T0, ["m0"]);

        var afterNotice = AgentTurnRules.Owe(notice, Session(), started: false, "m1", T0);
        var afterOld = AgentTurnRules.Owe(old, Session(), started: false, "m1", T0);

        Assert.Equal((AgentEvents.Messages, 1), (afterNotice.Event, afterNotice.MessageIds.Count));
        Assert.Equal(("ses_1", 1), (afterOld.SessionId, afterOld.MessageIds.Count));
    }

    [Fact]
    public void Failed_NothingNewMeanwhile_ParksTheTurnAndSetsFollowUp()
    {
        var taken = Turn(AgentEvents.Messages, "m1");
        var state = InSession(taken);

        AgentTurnRules.Failed(state, taken, "503", T0.AddSeconds(9));

        Assert.Equal((ConversationStatus.FollowUp, "503", T0.AddSeconds(9)), (state.Status, state.LastAgentFailure?.Reason, state.LastAgentFailure?.At));
        Assert.Equal((true, 1), (state.PendingTurn?.Parked, state.PendingTurn?.MessageIds.Count));
    }

    [Fact]
    public void Failed_MessagesArrivedMeanwhile_KeepsEveryMessageOwedUnparked()
    {
        var taken = Turn(AgentEvents.Messages, "m1");
        var state = InSession(taken.With("m2", T0.AddSeconds(1)));

        AgentTurnRules.Failed(state, taken, "timeout", T0.AddSeconds(30));

        Assert.Equal(["m1", "m2"], state.PendingTurn!.MessageIds);
        Assert.False(state.PendingTurn.Parked);
    }

    [Fact]
    public void Failed_ATimeoutNotice_IsDropped()
    {
        var notice = new PendingAgentTurn("ses_1", AgentEvents.WarningTimeout, T0, []);
        var state = InSession(notice);

        AgentTurnRules.Failed(state, notice, "503", T0);

        Assert.Null(state.PendingTurn);
        Assert.Equal(ConversationStatus.FollowUp, state.Status);
    }

    [Fact]
    public void Answered_KeepsOnlyMessagesThatArrivedDuringTheTurnAndTakesTheAgentsStatusAndContext()
    {
        var taken = Turn(AgentEvents.Messages, "m1");
        var state = InSession(taken.With("m2", T0));
        state.LastAgentFailure = new AgentFailure(T0, "earlier");

        var answer = AgentTurnRules.Answered(state, taken, new AgentReply("ok", ConversationStatus.Qualified, ContextJson: """{"b":2}"""));

        Assert.Equal(new AgentAnswer(Speaks: true, Greets: false, EndsSession: false), answer);
        Assert.Equal(["m2"], state.PendingTurn!.MessageIds);
        Assert.Equal((ConversationStatus.Qualified, """{"a":1,"b":2}""", null), (state.Status, state.ContextJson, state.LastAgentFailure));
    }

    [Fact]
    public void Answered_NoStatus_KeepsTheConversations()
    {
        var taken = Turn(AgentEvents.Messages, "m1");
        var state = InSession(taken);
        state.Status = ConversationStatus.FollowUp;

        AgentTurnRules.Answered(state, taken, new AgentReply("ok"));

        Assert.Equal(ConversationStatus.FollowUp, state.Status);
        Assert.Null(state.PendingTurn);
    }

    [Fact]
    public void Answered_ASessionOpenedWithoutText_Greets()
    {
        var taken = Turn(AgentEvents.SessionStarted, "m1");

        Assert.Equal(new AgentAnswer(true, true, false), AgentTurnRules.Answered(InSession(taken), taken, new AgentReply(" ")));
    }

    [Fact]
    public void Answered_EndSession_EndsItAfterTheReply()
    {
        var taken = Turn(AgentEvents.Messages, "m1");

        Assert.Equal(new AgentAnswer(true, false, true), AgentTurnRules.Answered(InSession(taken), taken, new AgentReply("bye", EndSession: true)));
    }

    [Fact]
    public void Answered_ATimeoutNoticeOrAnEndedOrReplacedSession_IsNotSent()
    {
        var notice = new PendingAgentTurn("ses_1", AgentEvents.WarningTimeout, T0, []);
        var taken = Turn(AgentEvents.Messages, "m1");
        var ended = InSession(taken);
        ended.Session!.EndedAt = T0;
        var replaced = InSession(taken);
        replaced.Session = Session("ses_2");

        Assert.False(AgentTurnRules.Answered(InSession(notice), notice, new AgentReply("hi")).Speaks);
        Assert.False(AgentTurnRules.Answered(ended, taken, new AgentReply("hi", EndSession: true)).EndsSession);
        Assert.False(AgentTurnRules.Answered(replaced, taken, new AgentReply("hi")).Speaks);
    }
}
