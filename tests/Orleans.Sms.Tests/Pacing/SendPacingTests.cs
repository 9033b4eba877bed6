using Orleans.Sms.Pacing;

namespace Orleans.Sms.Tests.Pacing;

/// <summary>The pacing rule of a sender number (CONTRACT §15), at exact instants.</summary>
public sealed class SendPacingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Next_IdleNumber_GoesNowAndHoldsTheNumberOneSlot()
    {
        Assert.Equal(new PaceSlot(T0, At(0.5)), SendPacing.Next(2, DateTimeOffset.MinValue, 1, T0));
    }

    [Fact]
    public void Next_BusyNumber_GoesWhenTheLastSlotEnds()
    {
        Assert.Equal(new PaceSlot(At(3), At(4)), SendPacing.Next(1, At(3), 1, T0));
    }

    [Fact]
    public void Next_IdleTimeSavesNoCreditForABurst()
    {
        var slot = SendPacing.Next(1, At(-60), 1, T0);

        Assert.Equal(new PaceSlot(T0, At(1)), slot);
        Assert.Equal(new PaceSlot(At(1), At(2)), SendPacing.Next(1, slot.FreeAt, 1, T0));
    }

    [Theory]
    [InlineData(3, 2.0, 15_000_000)]   // k segments take k/m seconds
    [InlineData(1, 0.5, 20_000_000)]   // a fractional rate
    [InlineData(1, 3.0, 3_333_334)]    // 1/3 s, rounded up to the tick: never faster than the rate
    [InlineData(2, 100.0, 200_000)]
    [InlineData(1, 1000.0, 10_000)]
    public void Duration_IsSegmentsOverRateRoundedUp(int segments, double mps, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), SendPacing.Duration(segments, mps));
    }

    [Fact]
    public void Duration_OfATinyRate_IsCappedAtOneDay()
    {
        Assert.Equal(SendPacing.MaxSlot, SendPacing.Duration(10, 1e-300));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(-1, 1.0)]
    [InlineData(1, 0.0)]
    [InlineData(1, -2.0)]
    [InlineData(1, double.NaN)]
    [InlineData(1, double.PositiveInfinity)]
    public void Reserve_RefusesNoSegmentsOrNoRate(int segments, double mps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendPacing().Reserve(segments, mps, SendPriority.Conversation, T0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reserve_SpreadsMessagesEvenlyAtTheRate(bool bulk)
    {
        var pacing = new SendPacing();
        var priority = bulk ? SendPriority.Bulk : SendPriority.Conversation;

        var instants = Enumerable.Range(0, 4).Select(_ => pacing.Reserve(1, 2, priority, T0)).ToList();

        Assert.Equal([T0, At(0.5), At(1), At(1.5)], instants);
    }

    [Fact]
    public void Reserve_AMessageOfSeveralSegmentsHoldsTheNumberForAllOfThem()
    {
        var pacing = new SendPacing();

        Assert.Equal(T0, pacing.Reserve(3, 1, SendPriority.Conversation, T0));
        Assert.Equal(At(3), pacing.Reserve(1, 1, SendPriority.Conversation, T0));
        Assert.Equal(At(4), pacing.FreeAt);
    }

    [Fact]
    public void Reserve_ConversationGoesAheadOfBulkSlotsNotYetBegun()
    {
        var pacing = new SendPacing();
        var bulk = Enumerable.Range(0, 5).Select(_ => pacing.Reserve(1, 1, SendPriority.Bulk, T0)).ToList();

        var conversation = pacing.Reserve(1, 1, SendPriority.Conversation, T0);
        var nextConversation = pacing.Reserve(1, 1, SendPriority.Conversation, T0);
        var nextBulk = pacing.Reserve(1, 1, SendPriority.Bulk, T0);

        Assert.Equal([T0, At(1), At(2), At(3), At(4)], bulk);
        Assert.Equal(At(1), conversation);      // after the bulk message on the air, not after the four waiting
        Assert.Equal(At(2), nextConversation);
        Assert.Equal(At(5), nextBulk);          // bulk goes after everything handed out
        Assert.Equal(5, pacing.WaitingBulk);
    }

    [Fact]
    public void Reserve_BulkWaitsForEveryWaitingConversation()
    {
        var pacing = new SendPacing();
        pacing.Reserve(2, 1, SendPriority.Conversation, T0);
        pacing.Reserve(1, 1, SendPriority.Conversation, T0);

        Assert.Equal(At(3), pacing.Reserve(1, 1, SendPriority.Bulk, At(0.5)));
    }

    [Fact]
    public void Reserve_ConversationWaitsForTheBulkMessageOnTheAir()
    {
        var pacing = new SendPacing();
        pacing.Reserve(1, 0.5, SendPriority.Bulk, T0);

        Assert.Equal(At(2), pacing.Reserve(1, 0.5, SendPriority.Conversation, At(0.5)));
    }

    [Fact]
    public void Reserve_BulkSenderAskingJustBeforeEachSend_NeverTakesAConversationsSlot()
    {
        var pacing = new SendPacing();
        var first = pacing.Reserve(1, 1, SendPriority.Bulk, T0);
        var reply = pacing.Reserve(1, 1, SendPriority.Conversation, At(0.2)); // a customer's answer comes in meanwhile
        var secondReply = pacing.Reserve(1, 1, SendPriority.Conversation, At(0.9));
        var second = pacing.Reserve(1, 1, SendPriority.Bulk, At(1)); // the bulk sender asks again once its first went

        Assert.Equal((T0, At(1), At(2), At(3)), (first, reply, secondReply, second));
    }

    [Fact]
    public void Reserve_ARateChangeAppliesFromTheNextMessage()
    {
        var pacing = new SendPacing();
        pacing.Reserve(1, 1, SendPriority.Conversation, T0);

        Assert.Equal(At(1), pacing.Reserve(1, 4, SendPriority.Conversation, T0));
        Assert.Equal(At(1.25), pacing.Reserve(1, 4, SendPriority.Conversation, T0));
    }

    [Fact]
    public void Reserve_AfterTheLineEmptied_GoesNowAgain()
    {
        var pacing = new SendPacing();
        pacing.Reserve(1, 1, SendPriority.Bulk, T0);
        pacing.Reserve(1, 1, SendPriority.Bulk, T0);

        Assert.Equal(At(10), pacing.Reserve(1, 1, SendPriority.Conversation, At(10)));
        Assert.Equal(At(11), pacing.Reserve(1, 1, SendPriority.Bulk, At(10)));
    }

    [Fact]
    public void Reserve_RemembersABoundedNumberOfWaitingBulkSlots()
    {
        var pacing = new SendPacing();
        for (var i = 0; i < SendPacing.MaxWaitingBulk + 10; i++)
        {
            pacing.Reserve(1, 1000, SendPriority.Bulk, T0);
        }

        var conversation = pacing.Reserve(1, 1000, SendPriority.Conversation, T0);

        Assert.Equal(SendPacing.MaxWaitingBulk, pacing.WaitingBulk);
        // The forgotten ones count as begun: the conversation goes after the 10 oldest (the first, begun, and the 9 dropped).
        Assert.Equal(At(0.010), conversation);
    }
}
