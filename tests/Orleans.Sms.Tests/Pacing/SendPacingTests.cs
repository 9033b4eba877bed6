using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Pacing;

namespace Orleans.Sms.Tests.Pacing;

/// <summary>The pacing rule of a sender number (docs/api.md: Campaigns), at exact instants.</summary>
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

    [Fact]
    public void Reserve_ConversationMessagesAreSpreadEvenlyAtTheRate()
    {
        var pacing = new SendPacing();

        var instants = Enumerable.Range(0, 4).Select(_ => Conversation(pacing, 1, 2, T0)).ToList();

        Assert.Equal([T0, At(0.5), At(1), At(1.5)], instants);
    }

    [Fact]
    public void Reserve_BulkSenderAskingAtEachTimeItIsTold_IsSpreadEvenlyAtTheRate()
    {
        var pacing = new SendPacing();
        var sent = new List<DateTimeOffset>();
        var now = T0;
        while (sent.Count < 4)
        {
            var turn = pacing.Reserve(1, 2, SendPriority.Bulk, now);
            if (turn.Booked)
            {
                sent.Add(turn.At);
            }
            now = turn.Booked ? now : turn.At;
        }

        Assert.Equal([T0, At(0.5), At(1), At(1.5)], sent);
    }

    [Fact]
    public void Reserve_BulkOnABusyNumber_BooksNothingAndIsToldWhenItIsFree()
    {
        var pacing = new SendPacing();
        Assert.Equal(new PaceTurn(T0, true), pacing.Reserve(1, 1, SendPriority.Bulk, T0));

        Assert.Equal(new PaceTurn(At(1), false), pacing.Reserve(1, 1, SendPriority.Bulk, At(0.2)));
        Assert.Equal(new PaceTurn(At(1), false), pacing.Reserve(1, 1, SendPriority.Bulk, At(0.4))); // nothing was booked
        Assert.Equal(At(1), pacing.FreeAt);
    }

    [Fact]
    public void Reserve_AMessageOfSeveralSegmentsHoldsTheNumberForAllOfThem()
    {
        var pacing = new SendPacing();

        Assert.Equal(T0, Conversation(pacing, 3, 1, T0));
        Assert.Equal(At(3), Conversation(pacing, 1, 1, T0));
        Assert.Equal(At(4), pacing.FreeAt);
    }

    [Fact]
    public void Reserve_ConversationGoesAheadOfEveryBulkSenderWaiting()
    {
        var pacing = new SendPacing();
        Assert.True(pacing.Reserve(1, 1, SendPriority.Bulk, T0).Booked); // on the air until 1 s
        var waiting = Enumerable.Range(0, 5).Select(_ => pacing.Reserve(1, 1, SendPriority.Bulk, At(0.1))).ToList();

        var conversation = Conversation(pacing, 1, 1, At(0.2));
        var bulkAtItsTime = pacing.Reserve(1, 1, SendPriority.Bulk, At(1));

        Assert.All(waiting, w => Assert.Equal(new PaceTurn(At(1), false), w));
        Assert.Equal(At(1), conversation);                              // after the bulk message on the air only
        Assert.Equal(new PaceTurn(At(2), false), bulkAtItsTime);        // the conversation took that time: ask again
        Assert.Equal(new PaceTurn(At(2), true), pacing.Reserve(1, 1, SendPriority.Bulk, At(2)));
    }

    [Fact]
    public void Reserve_BulkWaitsForEveryWaitingConversation()
    {
        var pacing = new SendPacing();
        Conversation(pacing, 2, 1, T0);
        Conversation(pacing, 1, 1, T0);

        Assert.Equal(new PaceTurn(At(3), false), pacing.Reserve(1, 1, SendPriority.Bulk, At(0.5)));
    }

    [Fact]
    public void Reserve_ConversationWaitsForTheBulkMessageOnTheAir()
    {
        var pacing = new SendPacing();
        pacing.Reserve(1, 0.5, SendPriority.Bulk, T0);

        Assert.Equal(At(2), Conversation(pacing, 1, 0.5, At(0.5)));
    }

    [Fact]
    public void Reserve_BookedTimesNeverOverlap_WhateverTheMixOfTraffic()
    {
        var pacing = new SendPacing();
        var booked = new List<PaceSlot>();
        var random = new Random(7);
        var now = T0;
        for (var i = 0; i < 500; i++)
        {
            now += TimeSpan.FromMilliseconds(random.Next(0, 400));
            var segments = random.Next(1, 4);
            var turn = pacing.Reserve(segments, 4, random.Next(2) == 0 ? SendPriority.Bulk : SendPriority.Conversation, now);
            if (turn.Booked)
            {
                booked.Add(new PaceSlot(turn.At, turn.At + SendPacing.Duration(segments, 4)));
            }
        }

        var ordered = booked.OrderBy(s => s.SendAt).ToList();
        Assert.True(ordered.Count > 100);
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second.SendAt >= pair.First.FreeAt));
    }

    [Fact]
    public void Reserve_ARateChangeAppliesFromTheNextMessage()
    {
        var pacing = new SendPacing();
        Conversation(pacing, 1, 1, T0);

        Assert.Equal(At(1), Conversation(pacing, 1, 4, T0));
        Assert.Equal(At(1.25), Conversation(pacing, 1, 4, T0));
    }

    [Fact]
    public void Reserve_AfterTheLineEmptied_GoesNowAgain()
    {
        var pacing = new SendPacing();
        pacing.Reserve(1, 1, SendPriority.Bulk, T0);
        Conversation(pacing, 1, 1, T0);

        Assert.Equal(At(10), Conversation(pacing, 1, 1, At(10)));
        Assert.Equal(new PaceTurn(At(11), true), pacing.Reserve(1, 1, SendPriority.Bulk, At(11)));
    }

    private static DateTimeOffset Conversation(SendPacing pacing, int segments, double mps, DateTimeOffset now)
    {
        var turn = pacing.Reserve(segments, mps, SendPriority.Conversation, now);
        Assert.True(turn.Booked); // conversation traffic always books its time
        return turn.At;
    }

    [Fact]
    public void ReserveBulk_FastNumber_BooksTheSlotsThatBeginWithinTheLead_EachAtItsOwnInstant()
    {
        var line = new SendPacing();

        var turn = line.ReserveBulk(Enumerable.Repeat(1, 40).ToList(), 1000, T0);

        // 1 ms a segment: the slots beginning at 0..25 ms are within the 25 ms lead, the 27th would begin at 26 ms.
        Assert.Equal(Enumerable.Range(0, 26).Select(i => T0 + TimeSpan.FromMilliseconds(i)), turn.SendAt);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(26) - SendPacing.BulkLead, turn.AskAgainAt);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(26), line.FreeAt);
    }

    [Fact]
    public void ReserveBulk_SlowNumber_BooksOneAndTellsWhenTheNextMayBeBooked()
    {
        var line = new SendPacing();

        var turn = line.ReserveBulk([1, 1, 1], 1, T0);

        Assert.Equal([T0], turn.SendAt);
        Assert.Equal(At(1) - SendPacing.BulkLead, turn.AskAgainAt);
        var again = line.ReserveBulk([1, 1], 1, turn.AskAgainAt!.Value);
        Assert.Equal([At(1)], again.SendAt); // booked at the lead before its instant, and it goes at its instant, not before
    }

    [Fact]
    public void ReserveBulk_SegmentsCountEachMessagesTime()
    {
        var turn = new SendPacing().ReserveBulk([2, 1, 1], 100, T0);

        Assert.Equal([T0, T0 + TimeSpan.FromMilliseconds(20)], turn.SendAt); // the third would begin at 30 ms, past the lead
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(30) - SendPacing.BulkLead, turn.AskAgainAt);
    }

    [Fact]
    public void ReserveBulk_BehindAConversationMessage_WaitsForIt_AndAConversationMessageWaitsAtMostTheLead()
    {
        var line = new SendPacing();
        var conversation = line.Reserve(1, 2, SendPriority.Conversation, T0);

        var bulk = line.ReserveBulk([1], 2, T0);
        Assert.Empty(bulk.SendAt);
        Assert.Equal(At(0.5) - SendPacing.BulkLead, bulk.AskAgainAt);

        var fast = new SendPacing();
        fast.ReserveBulk(Enumerable.Repeat(1, 100).ToList(), 1000, T0);
        var reply = fast.Reserve(1, 1000, SendPriority.Conversation, T0);
        Assert.True(reply.At - T0 <= SendPacing.BulkLead + TimeSpan.FromMilliseconds(1));
        Assert.True(conversation.Booked);
    }

    [Fact]
    public void ReserveBulk_AllBooked_AsksNothingAgain()
    {
        var turn = new SendPacing().ReserveBulk([1, 1], 100, T0);

        Assert.Equal([T0, At(0.01)], turn.SendAt);
        Assert.Null(turn.AskAgainAt);
    }

    [Fact]
    public void HoldBeforeSend_TimeCome_GoesAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, SendPacing.HoldBeforeSend(T0, T0));
        Assert.Equal(TimeSpan.Zero, SendPacing.HoldBeforeSend(At(-1), T0));
    }

    [Fact]
    public void HoldBeforeSend_AMomentAway_IsHeldForTheRestOfTheWait()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), SendPacing.HoldBeforeSend(T0 + TimeSpan.FromMilliseconds(1), T0)); // next slot at 1,000 mps
        Assert.Equal(SendPacing.BulkLead, SendPacing.HoldBeforeSend(T0 + SendPacing.BulkLead, T0));
    }

    [Fact]
    public void TimerWait_IsWholeMillisecondsNeverShortOfTheWait()
    {
        Assert.Equal(TimeSpan.Zero, SendPacing.TimerWait(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(21), SendPacing.TimerWait(TimeSpan.FromMilliseconds(19.6)));
        Assert.Equal(TimeSpan.FromMilliseconds(21), SendPacing.TimerWait(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMilliseconds(2), SendPacing.TimerWait(TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void HoldBeforeSend_LongerThanTheLead_IsNotHeld()
    {
        Assert.Null(SendPacing.HoldBeforeSend(T0 + SendPacing.BulkLead + TimeSpan.FromTicks(1), T0));
        Assert.Null(SendPacing.HoldBeforeSend(At(1), T0)); // the next slot of a local number at 1 segment a second
    }

    [Fact]
    public async Task HoldAsync_WaitsTheRealClockAtMostTheLead_WhateverTheEngineClockSays()
    {
        var clock = new FakeTimeProvider(T0); // stands still, as a test's engine clock may

        var started = Stopwatch.StartNew();
        await SendPacing.HoldAsync(At(60), clock); // far away: held no longer than the lead
        await SendPacing.HoldAsync(At(-1), clock); // come: not held

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"held {started.Elapsed}");
        Assert.Equal(T0, clock.GetUtcNow());
    }
}
