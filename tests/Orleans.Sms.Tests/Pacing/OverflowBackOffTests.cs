using Orleans.Sms.Pacing;

namespace Orleans.Sms.Tests.Pacing;

/// <summary>How a number slows down after its provider drops its messages from the queue (docs/api.md: Campaigns), at exact instants.</summary>
public sealed class OverflowBackOffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void NeverOverflowed_GoesAtItsOwnRate()
    {
        var backOff = new OverflowBackOff();

        Assert.Equal(10, backOff.Rate(10, T0));
        Assert.Null(backOff.BackedOffUntil);
    }

    [Fact]
    public void AnOverflow_HalvesTheRate_UntilAMinuteWithoutOne()
    {
        var backOff = new OverflowBackOff();

        backOff.Overflowed(T0);

        Assert.Equal(5, backOff.Rate(10, T0));
        Assert.Equal(5, backOff.Rate(10, At(59.999)));
        Assert.Equal(10, backOff.Rate(10, At(60)));
        Assert.Equal(At(60), backOff.BackedOffUntil);
    }

    [Fact]
    public void OverflowsOfOneBurst_HalveOnce_AndLaterOnesHalveAgain()
    {
        var backOff = new OverflowBackOff();

        backOff.Overflowed(T0);
        backOff.Overflowed(At(1));
        backOff.Overflowed(At(9.999));
        Assert.Equal(1, backOff.HalvingsAt(At(10)));

        backOff.Overflowed(At(10));
        Assert.Equal(2, backOff.HalvingsAt(At(10)));
        Assert.Equal(2.5, backOff.Rate(10, At(10)));
    }

    [Fact]
    public void TheRate_NeverFallsBelowASixteenth_AndComesBackAHalvingAMinute()
    {
        var backOff = new OverflowBackOff();
        for (var i = 0; i < 10; i++)
        {
            backOff.Overflowed(At(i * 10));
        }
        var last = At(90);

        Assert.Equal(OverflowBackOff.MaxHalvings, backOff.HalvingsAt(last));
        Assert.Equal(1, backOff.Rate(16, last));
        Assert.Equal([2, 4, 8, 16], [.. Enumerable.Range(1, 4).Select(m => backOff.Rate(16, last + TimeSpan.FromMinutes(m)))]);
        Assert.Equal(last + TimeSpan.FromMinutes(4), backOff.BackedOffUntil);
    }

    [Fact]
    public void AnOverflowWhileRecovering_HalvesFromWhereTheRateHadComeBackTo()
    {
        var backOff = new OverflowBackOff();
        backOff.Overflowed(T0);
        backOff.Overflowed(At(10));
        backOff.Overflowed(At(20)); // 3 halvings

        backOff.Overflowed(At(20 + 150)); // two and a half quiet minutes took two back: 1 + 1

        Assert.Equal(2, backOff.HalvingsAt(At(170)));
        Assert.Equal(1, backOff.HalvingsAt(At(230)));
    }

    [Fact]
    public void AClockSetBack_TakesNoHalvingBack()
    {
        var backOff = new OverflowBackOff();
        backOff.Overflowed(T0);

        Assert.Equal(1, backOff.HalvingsAt(At(-3600)));
    }
}
