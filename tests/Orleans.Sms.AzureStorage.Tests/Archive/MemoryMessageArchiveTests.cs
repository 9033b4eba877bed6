using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Archive;
using static Orleans.Sms.AzureStorage.Tests.Archive.TestMessages;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>The reference behaviour: the memory archive of the embedded default.</summary>
public sealed class MemoryMessageArchiveTests : MessageArchiveBehaviour
{
    protected override IMessageArchive Create(TimeProvider clock, UnroutedRetention retention) => new MemoryMessageArchive(clock, retention);

    [Fact]
    public async Task KeepUnrouted_DefaultRetention_KeepsTenThousandPerNumber()
    {
        var archive = new MemoryMessageArchive(new FakeTimeProvider(T0));
        for (var n = 1; n <= 10_005; n++)
        {
            await archive.KeepUnroutedAsync(Inbound($"SM{n}", "+15550000009"), T0);
        }

        var kept = await archive.ReadUnroutedAsync("+15550000009");

        Assert.Equal(10_000, kept.Count);
        Assert.Equal(("SM6", "SM10005"), (kept[0].ProviderMessageId, kept[^1].ProviderMessageId));
    }

    [Fact]
    public async Task KeepUnrouted_ANumberThatReceivesNothingMore_ShowsNothingAfterThirtyDays()
    {
        var clock = new FakeTimeProvider(T0);
        var archive = new MemoryMessageArchive(clock, Retention);
        await archive.KeepUnroutedAsync(Inbound("SM1", "+15550000010"), T0);

        clock.Advance(TimeSpan.FromDays(31));
        await archive.KeepUnroutedAsync(Inbound("SM2", "+15550000011"), clock.GetUtcNow()); // another number: the sweep runs

        Assert.Empty(await archive.ReadUnroutedAsync("+15550000010"));
        Assert.Single(await archive.ReadUnroutedAsync("+15550000011"));
    }
}
