using Orleans.Sms.Pacing;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Pacing;

/// <summary>
/// The pace of a sender number in a real two-silo cluster under the fixture's fake clock (docs/api.md: Campaigns). The grain keeps
/// no storage, so the memory cluster is enough. The collection runs its tests one at a time, so the clock stands still
/// within a test.
/// </summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class SenderPaceGrainTests(ClusterFixture<MemoryClusterStorage> fixture)
{
    private ISenderPaceGrain Pace(string number) => fixture.Grains.GetGrain<ISenderPaceGrain>(number);

    [Fact]
    public async Task Reserve_TenSingleSegmentsAtTwoPerSecond_ComeBackHalfASecondApart()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();

        var instants = new List<DateTimeOffset>();
        for (var i = 0; i < 10; i++)
        {
            instants.Add((await pace.ReserveAsync(1, 2, SendPriority.Conversation)).At);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => now + TimeSpan.FromMilliseconds(500 * i)), instants);
    }

    [Fact]
    public async Task Reserve_ConcurrentCallers_EachGetTheirOwnSlot()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();

        var turns = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pace.ReserveAsync(1, 4, SendPriority.Conversation)));

        Assert.All(turns, t => Assert.True(t.Booked));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => now + TimeSpan.FromMilliseconds(250 * i)), turns.Select(t => t.At).Order());
    }

    [Fact]
    public async Task Reserve_ConcurrentBulkSenders_OneIsBookedTheOthersAreToldWhenToAskAgain()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();

        var turns = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => pace.ReserveAsync(1, 1, SendPriority.Bulk)));
        var conversation = await pace.ReserveAsync(1, 1, SendPriority.Conversation);
        var askingAgain = await pace.ReserveAsync(1, 1, SendPriority.Bulk, waitedUntil: now + TimeSpan.FromSeconds(1));
        var later = await pace.ReserveAsync(1, 1, SendPriority.Bulk, waitedUntil: now + TimeSpan.FromSeconds(2));

        Assert.Single(turns, t => t.Booked);
        Assert.All(turns.Where(t => !t.Booked), t => Assert.Equal(now + TimeSpan.FromSeconds(1), t.At));
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(1), true), conversation); // ahead of the four waiting
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(2), false), askingAgain);
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(2), true), later); // the fake clock stood still: the wait counts
    }

    [Fact]
    public async Task Reserve_TwoNumbers_DoNotAffectEachOther()
    {
        var busy = Pace(fixture.NewNumber("737"));
        var other = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await busy.ReserveAsync(2, 1, SendPriority.Conversation);
        }

        Assert.Equal(new PaceTurn(now, true), await other.ReserveAsync(1, 1, SendPriority.Conversation));
        Assert.Equal(new PaceTurn(now, true), await Pace(fixture.NewNumber("737")).ReserveAsync(1, 1, SendPriority.Bulk));
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(10), true), await busy.ReserveAsync(1, 1, SendPriority.Conversation));
    }

    [Fact]
    public async Task Reserve_AfterTheClockPassedTheLine_GoesAtTheNewNow()
    {
        var pace = Pace(fixture.NewNumber("737"));
        await pace.ReserveAsync(1, 1, SendPriority.Conversation);
        await pace.ReserveAsync(1, 1, SendPriority.Conversation);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(new PaceTurn(fixture.Clock.GetUtcNow(), true), await pace.ReserveAsync(1, 1, SendPriority.Bulk));
    }

    [Fact]
    public async Task QueueOverflowed_HalvesTheNumbersRateForEverySender_ConversationAndBulk()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();
        Assert.Equal(new PaceTurn(now, true), await pace.ReserveAsync(1, 2, SendPriority.Conversation)); // 0.5 s at 2 mps

        await pace.QueueOverflowedAsync();

        // At 1 mps from now on: each segment takes a second of the number's time, whoever sends it.
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(0.5), true), await pace.ReserveAsync(1, 2, SendPriority.Conversation));
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(1.5), false), await pace.ReserveAsync(1, 2, SendPriority.Bulk));
        var bulk = await pace.ReserveBulkAsync([1, 1], 2, waitedUntil: now + TimeSpan.FromSeconds(1.5));
        Assert.Equal([now + TimeSpan.FromSeconds(1.5)], bulk.SendAt);
        Assert.Equal(now + TimeSpan.FromSeconds(2.5) - SendPacing.BulkLead, bulk.AskAgainAt);
        // Another number is not slowed.
        var other = Pace(fixture.NewNumber("737"));
        await other.ReserveAsync(1, 2, SendPriority.Conversation);
        Assert.Equal(new PaceTurn(now + TimeSpan.FromSeconds(0.5), true), await other.ReserveAsync(1, 2, SendPriority.Conversation));
    }
}

