using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.Conversations;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>A cluster on Azure tables (in the memory mode state goes with a lost silo by design).</summary>
public sealed class BusySiloLossClusterFixture : ClusterFixture<AzureClusterStorage>;

/// <summary>
/// The silo hosting busy conversations is killed while their customers text: every acknowledged message gets its
/// agent reply exactly once (an owed turn lost with its silo is asked again, once), and usage counts every message
/// in and out exactly once (owed usage is durable with the conversation and handed over idempotently).
/// </summary>
public sealed class BusySiloLossTests(BusySiloLossClusterFixture fixture) : IClassFixture<BusySiloLossClusterFixture>
{
    private const int Conversations = 12;

    [Fact]
    public async Task SiloHostingBusyConversationsKilledMidTraffic_EveryReplyOnceAndEveryUsageUnitOnce()
    {
        var pairs = new List<TestPair>();
        for (var i = 0; i < Conversations; i++)
        {
            pairs.Add(await fixture.NewPairAsync());
        }
        await Task.WhenAll(pairs.Select(p => p.TextAsync("first question")));
        foreach (var pair in pairs)
        {
            await pair.OutboxReachesAsync(1);
        }

        // The victim: the silo that hosts the most of them. Second messages go out while it dies.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var hosts = new List<SiloAddress>();
        foreach (var pair in pairs)
        {
            hosts.Add((await management.GetActivationAddress(pair.Grain))!);
        }
        var victim = fixture.Cluster.Silos.MaxBy(s => hosts.Count(h => s.SiloAddress.Equals(h)))!;
        Assert.Contains(hosts, h => victim.SiloAddress.Equals(h));
        var traffic = pairs.Select((p, i) => TextUntilAcknowledgedAsync(p, "second question", $"SMkill{i:D4}{p.ConversationId[5..]}")).ToList();
        await fixture.Cluster.KillSiloAsync(victim);
        await Task.WhenAll(traffic);

        // What the reminder service on the survivor delivers after the safety margin: each grain comes back from storage.
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        foreach (var pair in pairs)
        {
            await pair.TickAsync();
        }
        foreach (var pair in pairs)
        {
            // Recovery after a silo loss runs lookups with backoff and re-asks lost turns: on a loaded CI machine (eight test
            // projects at once) one pair took longer than the default 15 s. The assertions are about counts, not speed.
            var outbox = await pair.OutboxReachesAsync(2, TimeSpan.FromSeconds(60));
            Assert.Equal(["first question", "second question"], outbox.Select(m => m.Body).OrderBy(b => b, StringComparer.Ordinal));
            // A reply whose answer was lost with the silo is looked up at the provider and gets its id (docs/api.md: Boundaries).
            ConversationView view = null!;
            await Eventually.TrueAsync(
                async () => (view = await pair.ViewAsync()).Messages.Where(m => m.Direction == MessageDirection.Outbound).All(m => m.ProviderMessageSid is not null),
                "every reply to carry its provider id");
            Assert.Equal(2, view.Messages.Count(m => m.Direction == MessageDirection.Inbound));
            Assert.Equal(2, view.Messages.Count(m => m.Direction == MessageDirection.Outbound));
            Assert.Equal(ConversationStatus.InProgress, view.Status);
        }

        // Every unit counted once: two in and two out per tenant (each pair has its own tenant).
        var day = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        foreach (var pair in pairs)
        {
            var usage = fixture.Grains.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(pair.Owner, day));
            await Eventually.TrueAsync(async () => (await usage.GetAsync()) is { InboundMessages: >= 2, OutboundMessages: >= 2 },
                $"the usage of {pair.TenantId}");
        }
        foreach (var pair in pairs)
        {
            await pair.TickAsync(); // a late or repeated tick owes nothing more
            await fixture.Cluster.DeactivateAsync(pair.Grain); // hands over anything still owed, once
        }
        foreach (var pair in pairs)
        {
            var usage = await fixture.Grains.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(pair.Owner, day)).GetAsync();
            Assert.Equal(2, (await pair.OutboxAsync()).Count);
            Assert.Equal((2L, 2L, 2L, 2L), (usage.InboundMessages, usage.InboundSegments, usage.OutboundMessages, usage.OutboundSegments));
        }
    }

    /// <summary>As the carrier does: the same message again until it is acknowledged (a retry is a duplicate, never a second message).</summary>
    private static async Task TextUntilAcknowledgedAsync(TestPair pair, string body, string providerId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await pair.TextAsync(body, providerId);
                return;
            }
            catch (Exception) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50)); // the carrier's retry backoff, not a wait for a condition
            }
        }
    }
}
