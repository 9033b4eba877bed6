using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.Usage;
using Orleans.Storage;

namespace Orleans.Sms.Tests.Usage;

/// <summary>A day of usage in storage: counted once per entry, and no write carrying every conversation of the day (pages).</summary>
public abstract class UsageGrainTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : UsageGrainTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : UsageGrainTests(fixture);

    private static readonly DateOnly Day = new(2026, 3, 2);

    [Fact]
    public async Task ARepeatedEntry_IsCountedOnce_AlsoByTheNextActivation()
    {
        var usage = NewDay();

        await usage.ApplyAsync(Entry("conversation-a", 1));
        await usage.ApplyAsync(Entry("conversation-a", 1));
        await fixture.Cluster.DeactivateAsync(usage);
        await usage.ApplyAsync(Entry("conversation-a", 1));
        await usage.ApplyAsync(Entry("conversation-a", 2));

        Assert.Equal(Counts(2), Of(await usage.GetAsync()));
    }

    [Fact]
    public async Task ADayOfManyConversations_IsCountedWhole_AndNoWriteCarriesThemAll()
    {
        var usage = NewDay();
        var sources = Enumerable.Range(0, 3_200).Select(i => $"+1415{i:D7}|+1628{i:D7}").ToList();
        foreach (var batch in sources.Chunk(200))
        {
            await Task.WhenAll(batch.Select(source => usage.ApplyAsync(Entry(source, 1))));
        }
        await usage.ApplyAsync(Entry(sources[0], 2));

        // One entry per conversation is at least its 25-character id: all 3,200 in one record would be over 80,000 bytes.
        Assert.InRange(fixture.Storage.SizeOf(usage.GetGrainId()), 1, 20_000);
        Assert.Equal(Counts(3_201), Of(await usage.GetAsync()));
        await fixture.Cluster.DeactivateAsync(usage);
        Assert.Equal(Counts(3_201), Of(await usage.GetAsync())); // every shard read back
    }

    [Fact]
    public async Task AWriteWhoseAnswerIsLost_IsNotCountedTwiceByTheRetry()
    {
        var usage = NewDay();
        await usage.ApplyAsync(Entry("conversation-a", 1));

        fixture.Storage.FailNextWrite(usage.GetGrainId(), committed: true);
        await Assert.ThrowsAsync<TimeoutException>(() => usage.ApplyAsync(Entry("conversation-b", 1)));
        await usage.ApplyAsync(Entry("conversation-b", 1));
        fixture.Storage.FailNextWrite(usage.GetGrainId(), committed: false);
        await Assert.ThrowsAsync<TimeoutException>(() => usage.ApplyAsync(Entry("conversation-c", 1)));
        await usage.ApplyAsync(Entry("conversation-c", 1));

        Assert.Equal(Counts(3), Of(await usage.GetAsync()));
        await fixture.Cluster.DeactivateAsync(usage);
        Assert.Equal(Counts(3), Of(await usage.GetAsync()));
    }

    [Fact]
    public async Task ADayStoredBeforePages_KeepsItsCountsAndItsEntries()
    {
        var usage = NewDay();
        var before = new UsageState();
        foreach (var i in Enumerable.Range(0, UsageLedger.PageCapacity + 100))
        {
            before.Add(Entry($"conversation-{i}", 4)); // one record over a page's capacity, as a busy day was stored
        }
        var storage = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(SmsStorage.State);
        await storage.WriteStateAsync("usage", usage.GetGrainId(), new GrainState<UsageState>(before));

        await usage.ApplyAsync(Entry("conversation-7", 4)); // a repeat of what the day counted
        Assert.Equal(Counts(UsageLedger.PageCapacity + 100), Of(await usage.GetAsync()));
        await usage.ApplyAsync(Entry("conversation-7", 5));
        await usage.ApplyAsync(Entry("conversation-new", 1)); // on a page of its own

        Assert.Equal(Counts(UsageLedger.PageCapacity + 102), Of(await usage.GetAsync()));
        await fixture.Cluster.DeactivateAsync(usage);
        await usage.ApplyAsync(Entry("conversation-new", 1));
        Assert.Equal(Counts(UsageLedger.PageCapacity + 102), Of(await usage.GetAsync()));
    }

    private IUsageGrain NewDay() =>
        fixture.Grains.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(new($"usage-{Guid.NewGuid():N}", "live"), Day));

    private static UsageEntry Entry(string source, long sequence) => new(source, sequence, new UsageDelta(1, 2, 1, 3));

    private static (long, long, long, long) Counts(long entries) => (entries, 2 * entries, entries, 3 * entries);

    private static (long, long, long, long) Of(DailyUsage day) =>
        (day.InboundMessages, day.InboundSegments, day.OutboundMessages, day.OutboundSegments);
}
