using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class PendingAgentTurnTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PendingAgentTurn Turn(params string[] ids) => new("ses_1", "session_started", T0, ids);

    [Fact]
    public void With_AddsTheMessageAndKeepsTheTurnsTimeAndLosses()
    {
        var turn = Turn("m1") with { Lost = 1 };

        var more = turn.With("m2", T0.AddSeconds(3));

        Assert.Equal(["m1", "m2"], more.MessageIds);
        Assert.Equal((T0, 1, false, "session_started"), (more.Since, more.Lost, more.Parked, more.Event));
    }

    [Fact]
    public void With_OnAParkedTurn_UnparksItFromNowWithNoLosses()
    {
        var parked = Turn("m1") with { Parked = true, Lost = 1 };

        var resumed = parked.With("m2", T0.AddMinutes(5));

        Assert.Equal(["m1", "m2"], resumed.MessageIds);
        Assert.Equal((T0.AddMinutes(5), 0, false), (resumed.Since, resumed.Lost, resumed.Parked));
    }

    [Fact]
    public void With_BeyondTheRecentWindow_DropsTheOldestIds()
    {
        var ids = Enumerable.Range(1, ConversationState.RecentCapacity).Select(i => $"m{i}").ToArray();

        var more = Turn(ids).With("new", T0);

        Assert.Equal(ConversationState.RecentCapacity, more.MessageIds.Count);
        Assert.Equal(("m2", "new"), (more.MessageIds[0], more.MessageIds[^1]));
    }

    [Fact]
    public void Without_EveryMessageAnswered_OwesNothing()
    {
        var turn = Turn("m1", "m2");

        Assert.Null(turn.Without(turn));
    }

    [Fact]
    public void Without_MessagesThatArrivedDuringTheTurn_AreOwedAsAMessagesTurnWithNoLosses()
    {
        var taken = Turn("m1") with { Lost = 1 };
        var pending = taken.With("m2", T0.AddSeconds(1));

        var owed = pending.Without(taken);

        Assert.NotNull(owed);
        Assert.Equal(["m2"], owed.MessageIds);
        Assert.Equal(("messages", 0, T0), (owed.Event, owed.Lost, owed.Since));
    }

    [Fact]
    public void Without_ATurnOfAnotherSession_LeavesThisOneAsItIs()
    {
        var pending = Turn("m1");
        var other = new PendingAgentTurn("ses_0", "messages", T0, ["m1"]);

        Assert.Same(pending, pending.Without(other));
    }
}
