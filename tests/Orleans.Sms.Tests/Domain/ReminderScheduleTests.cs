using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class ReminderScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = new();
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan Margin = ReminderSchedule.SafetyMargin;

    private static ConversationState Engaged() =>
        new() { Session = new SessionRecord { SessionId = "ses_1", StartedAt = T0, LastActivityAt = T0, Engaged = true } };

    [Fact]
    public void DueAt_NothingOwed_IsNone()
    {
        Assert.Null(ReminderSchedule.DueAt(new ConversationState(), Options, BatchWindow, T0, onTick: false));
    }

    [Fact]
    public void DueAt_AnEngagedSession_IsItsWarning()
    {
        Assert.Equal(T0 + Options.WarningAfter, ReminderSchedule.DueAt(Engaged(), Options, BatchWindow, T0, onTick: false));
    }

    [Fact]
    public void DueAt_AnUnansweredCampaignSession_ExpiresLazilyWithoutAReminder()
    {
        var state = new ConversationState { Session = new SessionRecord { SessionId = "ses_1", LastActivityAt = T0, CampaignId = "cmp_1" } };

        Assert.Null(ReminderSchedule.DueAt(state, Options, BatchWindow, T0, onTick: false));
    }

    [Fact]
    public void DueAt_AnOwedTurn_IsItsBatchWindowPlusTheMarginWhenEarlier()
    {
        var state = Engaged();
        state.PendingTurn = new PendingAgentTurn("ses_1", "messages", T0, ["m1"]);

        Assert.Equal(T0 + BatchWindow + Margin, ReminderSchedule.DueAt(state, Options, BatchWindow, T0, onTick: false));
    }

    [Fact]
    public void DueAt_AnOwedHelpAnswer_IsTheMarginFromNowUnlessSomethingIsEarlier()
    {
        var idle = new ConversationState { HelpOwed = true };
        var engaged = Engaged();
        engaged.HelpOwed = true;
        var later = T0 + Options.WarningAfter - TimeSpan.FromMinutes(1);

        Assert.Equal(T0 + Margin, ReminderSchedule.DueAt(idle, Options, BatchWindow, T0, onTick: false));
        Assert.Equal(T0 + Margin, ReminderSchedule.DueAt(engaged, Options, BatchWindow, T0, onTick: false));
        Assert.Equal(T0 + Options.WarningAfter, ReminderSchedule.DueAt(engaged, Options, BatchWindow, later, onTick: false));
    }

    [Fact]
    public void DueAt_AParkedTurn_OwesNoReminder()
    {
        var state = new ConversationState { PendingTurn = new PendingAgentTurn("ses_1", "messages", T0, ["m1"], Parked: true) };

        Assert.Null(ReminderSchedule.DueAt(state, Options, BatchWindow, T0, onTick: false));
    }

    [Fact]
    public void DueAt_OnATickPastTheTurnsDueTime_IsTheMarginFromNow()
    {
        var state = new ConversationState { PendingTurn = new PendingAgentTurn("ses_1", "messages", T0, ["m1"]) };
        var now = T0.AddHours(1);

        Assert.Equal(now + Margin, ReminderSchedule.DueAt(state, Options, BatchWindow, now, onTick: true));
        Assert.Equal(T0 + BatchWindow + Margin, ReminderSchedule.DueAt(state, Options, BatchWindow, now, onTick: false));
    }

    [Fact]
    public void DueAt_AnUnsettledSend_IsTheEarliestDuePlusTheMargin()
    {
        var state = new ConversationState();
        state.Unsettled.Add(new UnsettledSend("m1", T0, 1, 0, SendAction.LookUp, T0.AddSeconds(40)));
        state.Unsettled.Add(new UnsettledSend("m2", T0, 1, 0, SendAction.Send, T0.AddSeconds(10)));

        Assert.Equal(T0.AddSeconds(10) + Margin, ReminderSchedule.DueAt(state, Options, BatchWindow, T0, onTick: false));
    }

    [Theory]
    [InlineData(null, 60.0, false, true)] // none armed
    [InlineData(120.0, 60.0, false, true)] // armed too late
    [InlineData(30.0, 60.0, false, false)] // armed early, between ticks: left alone
    [InlineData(30.0, 60.0, true, true)] // armed early, on a tick: moved
    [InlineData(59.5, 60.0, true, false)] // on a tick, within the tolerance
    [InlineData(60.0, 60.0, false, false)]
    public void MustMove_OnlyWhenLateOrEarlyOnATick(double? armedSeconds, double desiredSeconds, bool onTick, bool moves)
    {
        DateTimeOffset? armed = armedSeconds is { } s ? T0.AddSeconds(s) : null;

        Assert.Equal(moves, ReminderSchedule.MustMove(armed, T0.AddSeconds(desiredSeconds), onTick));
    }
}
