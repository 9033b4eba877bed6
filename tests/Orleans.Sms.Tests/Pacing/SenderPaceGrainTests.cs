using Orleans.Sms.Pacing;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Pacing;

/// <summary>
/// The pace of a sender number in a real two-silo cluster under the fixture's fake clock (CONTRACT §15). The grain keeps
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
            instants.Add(await pace.ReserveAsync(1, 2, SendPriority.Conversation));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => now + TimeSpan.FromMilliseconds(500 * i)), instants);
    }

    [Fact]
    public async Task Reserve_ConcurrentCallers_EachGetTheirOwnSlot()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();

        var instants = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pace.ReserveAsync(1, 4, SendPriority.Bulk)));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => now + TimeSpan.FromMilliseconds(250 * i)), instants.Order());
    }

    [Fact]
    public async Task Reserve_ConversationAfterFiveBulk_GoesAtTheEarliestFreeInstantAheadOfTheWaitingBulk()
    {
        var pace = Pace(fixture.NewNumber("737"));
        var now = fixture.Clock.GetUtcNow();
        var bulk = new List<DateTimeOffset>();
        for (var i = 0; i < 5; i++)
        {
            bulk.Add(await pace.ReserveAsync(1, 1, SendPriority.Bulk));
        }

        var conversation = await pace.ReserveAsync(1, 1, SendPriority.Conversation);
        var laterBulk = await pace.ReserveAsync(1, 1, SendPriority.Bulk);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => now + TimeSpan.FromSeconds(i)), bulk);
        Assert.Equal(now + TimeSpan.FromSeconds(1), conversation); // after the bulk message on the air only
        Assert.True(conversation < bulk[^1]);
        Assert.Equal(now + TimeSpan.FromSeconds(5), laterBulk);
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

        Assert.Equal(now, await other.ReserveAsync(1, 1, SendPriority.Conversation));
        Assert.Equal(now, await Pace(fixture.NewNumber("737")).ReserveAsync(1, 1, SendPriority.Bulk));
        Assert.Equal(now + TimeSpan.FromSeconds(10), await busy.ReserveAsync(1, 1, SendPriority.Conversation));
    }

    [Fact]
    public async Task Reserve_AfterTheClockPassedTheLine_GoesAtTheNewNow()
    {
        var pace = Pace(fixture.NewNumber("737"));
        await pace.ReserveAsync(1, 1, SendPriority.Conversation);
        await pace.ReserveAsync(1, 1, SendPriority.Conversation);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(fixture.Clock.GetUtcNow(), await pace.ReserveAsync(1, 1, SendPriority.Conversation));
    }
}
