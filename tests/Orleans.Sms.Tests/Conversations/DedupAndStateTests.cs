using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>Carrier retries, bounded state and the storage cost of a message.</summary>
public abstract class DedupAndStateTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : DedupAndStateTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : DedupAndStateTests(fixture);

    [Fact]
    public async Task TenConcurrentDuplicates_AreRecordedOnceAndAnsweredOnce()
    {
        var pair = await fixture.NewPairAsync();
        using var start = new ManualResetEventSlim();

        var deliveries = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await pair.TextAsync("Is the clinic open Saturday?", providerId: "SMretry0000000000000000000000001");
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(deliveries);

        Assert.Equal(1, outcomes.Count(o => !o.Duplicate));
        Assert.Single(outcomes.Select(o => o.MessageId).Distinct());
        // A later message is the barrier: once its echo is out, any second turn for the duplicate would be too.
        await pair.TextAsync("barrier");
        var outbox = await pair.OutboxReachesAsync(2);
        Assert.Equal(["Is the clinic open Saturday?", "barrier"], outbox.Select(o => o.Body));
        var inbound = (await pair.ViewAsync()).Messages.Where(m => m.Direction == MessageDirection.Inbound).ToList();
        Assert.Equal(2, inbound.Count);
        Assert.Equal(2, (await pair.ArchivedAsync()).Count(m => m.Direction == MessageDirection.Inbound));
    }

    [Fact]
    public async Task Duplicate_TwentyFourHoursLater_IsStillIgnored()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var original = await pair.TextAsync("hello", providerId: "SMday0000000000000000000000000001");
        fixture.Clock.Advance(TimeSpan.FromHours(24));

        var retry = await pair.TextAsync("hello", providerId: "SMday0000000000000000000000000001");

        Assert.True(retry.Duplicate);
        Assert.Equal(original.MessageId, retry.MessageId);
        Assert.Single((await pair.ViewAsync()).Messages);
    }

    [Fact]
    public async Task ThousandMessages_StateStaysBoundedAndEvictedIdsAreStillDeduplicated()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sizes = new Dictionary<int, int>();
        for (var i = 1; i <= 1000; i++)
        {
            await pair.TextAsync($"Message number {i} with some ordinary text in it", providerId: $"SMbulk{i:D26}");
            if (i is 300 or 1000)
            {
                sizes[i] = fixture.Storage.SizeOf(pair.GrainId);
            }
        }

        Assert.InRange(sizes[1000], 1, 64 * 1024);
        Assert.InRange(sizes[1000], sizes[300] - 512, sizes[300] + 512);
        // The first id left the in-state window long ago; the archive still knows it.
        var retry = await pair.TextAsync("Message number 1 with some ordinary text in it", providerId: $"SMbulk{1:D26}");
        Assert.True(retry.Duplicate);
        Assert.Equal(1000, (await pair.ArchivedAsync()).Count);
        var view = await pair.ViewAsync(limit: 10);
        Assert.Equal(10, view.Messages.Count);
        Assert.Equal("Message number 1000 with some ordinary text in it", view.Messages[^1].Body);
    }

    [Fact]
    public async Task InboundMessage_CostsOneStateWriteAndNothingElse()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("first"); // starts the session and arms the reminder
        var writes = fixture.Storage.WritesOf(pair.GrainId);
        var upserts = fixture.Reminders.UpsertsOf(pair.GrainId);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        await pair.TextAsync("second");

        Assert.Equal(writes + 1, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Equal(upserts, fixture.Reminders.UpsertsOf(pair.GrainId));
        Assert.Empty(await fixture.Archive.ReadAsync(pair.ConversationId, null, 100)); // a batch is not full yet
        Assert.Equal(["first", "second"], (await pair.ViewAsync()).Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task InboundWithAgentReply_CostsTwoStateWritesAndNothingElse()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("first");
        await pair.OutboxReachesAsync(1);
        var writes = fixture.Storage.WritesOf(pair.GrainId);
        var upserts = fixture.Reminders.UpsertsOf(pair.GrainId);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        await pair.TextAsync("second");
        await pair.OutboxReachesAsync(2);
        await pair.ViewAsync(); // a barrier: the turn's last step is done once the grain answers again

        // One write records the inbound before the ack; one records the reply before the provider sees it.
        Assert.Equal(writes + 2, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Equal(upserts, fixture.Reminders.UpsertsOf(pair.GrainId));
        Assert.Empty(await fixture.Archive.ReadAsync(pair.ConversationId, null, 100));
    }

    [Fact]
    public async Task Archive_IsWrittenInBatchesAndWhenTheGrainDeactivates()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        for (var i = 1; i < 16; i++)
        {
            await pair.TextAsync($"message {i}");
        }
        Assert.Empty(await fixture.Archive.ReadAsync(pair.ConversationId, null, 100));

        await pair.TextAsync("message 16"); // a full batch: written right after this call
        IReadOnlyList<SmsMessage> archived = [];
        await Eventually.TrueAsync(async () => (archived = await fixture.Archive.ReadAsync(pair.ConversationId, null, 100)).Count == 16,
            "the first batch to be archived");
        Assert.Equal(Enumerable.Range(1, 16).Select(i => $"message {i}"), archived.Select(m => m.Body));

        await pair.TextAsync("message 17");
        await pair.TextAsync("message 18");
        Assert.Equal(18, (await pair.ViewAsync()).Messages.Count); // the transcript has them; the archive not yet
        Assert.Equal(16, (await fixture.Archive.ReadAsync(pair.ConversationId, null, 100)).Count);

        Assert.Equal(Enumerable.Range(1, 18).Select(i => $"message {i}"), (await pair.ArchivedAsync()).Select(m => m.Body));
    }

    [Fact]
    public async Task ProviderAnswer_OutlivesDeactivations_AndAnOlderVersionNeverReplacesItInTheArchive()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("hello");
        await pair.OutboxReachesAsync(1);
        var sent = (await pair.ViewAsync()).Messages.Single(m => m.Direction == MessageDirection.Outbound);
        Assert.NotNull(sent.ProviderMessageSid); // the provider's answer, recorded after the write that preceded the send

        await pair.ArchivedAsync(); // deactivated: the answer is stored, then archived
        var archived = await pair.ArchivedAsync(); // reactivated from storage, deactivated again: what it archives now

        var fromStorage = (await pair.ViewAsync()).Messages.Single(m => m.Direction == MessageDirection.Outbound);
        var fromArchive = archived.Single(m => m.Direction == MessageDirection.Outbound);
        Assert.Equal((sent.ProviderMessageSid, sent.DeliveryStatus), (fromStorage.ProviderMessageSid, fromStorage.DeliveryStatus));
        Assert.Equal((sent.ProviderMessageSid, sent.DeliveryStatus), (fromArchive.ProviderMessageSid, fromArchive.DeliveryStatus));
    }

    [Fact]
    public async Task StateWriteCommittedButItsAcknowledgementLost_TheCarrierRetryIsADuplicateStoredOnce()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("hello", providerId: "SMlostack000000000000000000000001");
        await pair.OutboxReachesAsync(1);
        await pair.ViewAsync(); // a barrier: the reply's write is done, so the next write is the next message's
        fixture.Storage.FailNextWrite(pair.GrainId, committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.TextAsync("Is 3 pm free?", providerId: "SMlostack000000000000000000000002"));
        var retry = await pair.TextAsync("Is 3 pm free?", providerId: "SMlostack000000000000000000000002");

        Assert.True(retry.Duplicate); // the grain started again from storage, which has the message
        // The reply first: reading the archive deactivates the grain, and a turn interrupted by a deactivation counts as
        // lost (asked again once; a second interruption fails it to follow_up), which is not what this test is about.
        await pair.OutboxReachesAsync(2);
        Assert.Equal(["hello", "Is 3 pm free?"], (await pair.ArchivedAsync()).Where(m => m.Direction == MessageDirection.Inbound).Select(m => m.Body));
        // The agent answers the message once: the reply to "Is 3 pm free?" comes from the turn state owed.
        await pair.TextAsync("barrier", providerId: "SMlostack000000000000000000000003");
        Assert.Equal(["hello", "Is 3 pm free?", "barrier"], (await pair.OutboxReachesAsync(3)).Select(o => o.Body));
    }

    [Fact]
    public async Task StateWriteFailed_NothingIsKeptAndTheCarrierRetryIsRecorded()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("hello", providerId: "SMfailedw000000000000000000000001");
        fixture.Storage.FailNextWrite(pair.GrainId, committed: false);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.TextAsync("Is 3 pm free?", providerId: "SMfailedw000000000000000000000002"));
        Assert.Equal(["hello"], (await pair.ViewAsync()).Messages.Select(m => m.Body)); // not half-kept in memory
        var retry = await pair.TextAsync("Is 3 pm free?", providerId: "SMfailedw000000000000000000000002");

        Assert.False(retry.Duplicate);
        Assert.Equal(["hello", "Is 3 pm free?"], (await pair.ArchivedAsync()).Select(m => m.Body));
    }

    [Fact]
    public async Task TimerStateWriteCommittedButItsAcknowledgementLost_DropsTheActivationAndTheNextCallSucceeds()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("Is my prescription ready?");
        var reply = await pair.Grain.ReplyAsync(pair.Owner, "Yes, it is.");
        Assert.True(reply.Succeeded, reply.Error?.Detail);
        // The reply's provider answer and usage are written by the usage timer a second later: that write is lost.
        fixture.Storage.FailNextWrite(pair.GrainId, committed: true);
        await Eventually.TrueAsync(() => !fixture.Storage.WriteFaultPending(pair.GrainId), "the timer's write to fail");

        // Its ETag is behind storage's now: the activation goes, so the next call starts from storage instead of failing.
        await Eventually.TrueAsync(async () => !await IsActiveAsync(pair), "the activation to be dropped");
        var next = await pair.TextAsync("Thanks!");

        Assert.False(next.Duplicate);
        var view = await pair.ViewAsync();
        Assert.Equal(["Is my prescription ready?", "Yes, it is.", "Thanks!"], view.Messages.Select(m => m.Body));
        Assert.NotNull(view.Messages[1].ProviderMessageSid); // stored by the write whose answer was lost
    }

    /// <summary>Asks every silo's catalog (not a directory cache, which may still name a gone activation).</summary>
    private async Task<bool> IsActiveAsync(TestPair pair) =>
        (await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Any(g => g.GrainId == pair.GrainId);

    [Fact]
    public async Task MessagesWithinOneClockTick_KeepTheOrderTheyWereRecordedIn()
    {
        var pair = await fixture.NewPairAsync(agentType: null); // the fake clock stands still for the whole test
        await pair.TextAsync("first");
        await pair.StartOutboundAsync("second");
        await pair.TextAsync("third");
        await pair.TextAsync("fourth");

        string[] expected = ["first", "second", "third", "fourth"];
        var view = await pair.ViewAsync();
        Assert.Equal(expected, view.Messages.Select(m => m.Body));
        var archived = await pair.ArchivedAsync();
        Assert.Equal(expected, archived.Select(m => m.Body));
        // Each takes the next tick after the one before, so any reader that orders by time agrees.
        Assert.All(archived.Zip(archived.Skip(1)), p => Assert.Equal(p.First.Timestamp.AddTicks(1), p.Second.Timestamp));
    }

    [Fact]
    public async Task UnroutedNumber_IsKeptNotLost()
    {
        var message = new InboundSms("SMnowhere000000000000000000000001", "+15557654321", "+15550009999", "anyone?", []);

        var delivery = await fixture.Router.RouteAsync(message);

        Assert.True(delivery.Unrouted);
        Assert.Equal(message, Assert.Single(await fixture.Archive.ReadUnroutedAsync("+15550009999")));
    }
}
