using Orleans.Sms.Conversations;
using Orleans.Sms.Events;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Testing.Events;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>A conversation's subscribers hear of a change only once storage has it.</summary>
public abstract class PublishAfterWriteTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : PublishAfterWriteTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : PublishAfterWriteTests(fixture);

    [Fact]
    public async Task StopWhoseStateWriteFailed_IsNotPublished_AndTheCarrierRetryPublishesTheSessionEndOnce()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var observer = new RecordingObserver();
        var hub = fixture.Grains.GetGrain<ITenantEventsGrain>(ITenantEventsGrain.KeyFor(pair.Owner));
        await hub.SubscribeAsync(fixture.Cluster.Client.CreateObjectReference<IConversationEventObserver>(observer));
        await pair.TextAsync("hello");
        fixture.Storage.FailNextWrite(pair.GrainId, committed: false);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.TextAsync("STOP", providerId: "SMpubafter000000000000000000000001"));
        var retry = await pair.TextAsync("STOP", providerId: "SMpubafter000000000000000000000001");

        Assert.False(retry.Duplicate); // the failed attempt stored nothing
        // Then a barrier, published after everything the conversation published (one-way events may arrive in any order).
        var events = await Eventually.ReceiveAsync(observer.Events, 4);
        await ConversationEvents.PublishAsync(fixture.Grains, pair.Owner,
            ConversationEvent.StatusChanged(pair.TenantId, "conv_barrier", "", DateTimeOffset.UtcNow, ConversationStatus.Completed));
        while (events[^1].ConversationId != "conv_barrier")
        {
            events.Add(await Eventually.NextAsync(observer.Events));
        }

        // Once each: "hello", and the retry's session end, message and status; nothing of the attempt whose write failed.
        Assert.Equal(
            [(ConversationEventKind.MessageAdded, "STOP"), (ConversationEventKind.MessageAdded, "hello"), (ConversationEventKind.StatusChanged, null),
             (ConversationEventKind.SessionEnded, null)],
            events.SkipLast(1).Select(e => (e.Kind, Body: e.Message?.Body)).OrderBy(e => e.Kind).ThenBy(e => e.Body, StringComparer.Ordinal));
        var ended = Assert.Single(events, e => e.Kind == ConversationEventKind.SessionEnded);
        Assert.Equal((SessionEndReason.OptedOut, retry.SessionId), (ended.EndReason, ended.SessionId));
        Assert.Equal(ConversationStatus.Dnc, Assert.Single(events.SkipLast(1), e => e.Kind == ConversationEventKind.StatusChanged).Status);
        Assert.Equal(ConversationStatus.Dnc, (await pair.ViewAsync()).Status);
    }
}
