using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client.Tests;

/// <summary>The engine's own conversations publish their events to SDK subscribers (not just events published by hand).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EngineEventTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConversationChanges_ReachASubscriberOfTheTenant()
    {
        var tenant = await fixture.NewTenantAsync();
        var engine = fixture.EngineFor(tenant.TenantId);
        await using var subscription = await engine.SubscribeAsync();
        var customer = tenant.NewCustomer();

        var sent = await engine.SendAsync(new OutboundSmsRequest(customer, "Your order shipped."));
        Assert.True(sent.Succeeded, sent.Error?.Detail);
        await engine.SetStatusAsync(sent.Value.ConversationId, ConversationStatus.Completed);
        await fixture.Client.GetGrain<IConversationGrain>(sent.Value.ConversationId).CloseSessionAsync(tenant.Owner);

        var received = await Eventually.ReceiveAsync(subscription.Events, 3);
        var message = Assert.Single(received, e => e.Kind == ConversationEventKind.MessageAdded);
        Assert.Equal((sent.Value.MessageId, "Your order shipped."), (message.Message?.MessageId, message.Message?.Body));
        Assert.Equal(ConversationStatus.Completed, Assert.Single(received, e => e.Kind == ConversationEventKind.StatusChanged).Status);
        Assert.Equal(SessionEndReason.Closed, Assert.Single(received, e => e.Kind == ConversationEventKind.SessionEnded).EndReason);
        Assert.All(received, e => Assert.Equal((tenant.TenantId, "live", sent.Value.ConversationId), (e.TenantId, e.Environment, e.ConversationId)));
    }

    [Fact]
    public async Task LiveConversationChanges_ReachTheLiveEngineOnly_NotTheTenantsSandboxEngine()
    {
        var tenant = await fixture.NewTenantAsync();
        await using var live = await fixture.EngineFor(tenant.TenantId, "live").SubscribeAsync();
        await using var sandbox = await fixture.EngineFor(tenant.TenantId, "sandbox").SubscribeAsync();
        Assert.Equal(new ResourceOwner(tenant.TenantId, "sandbox"), sandbox.Owner);

        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Live secret"));
        Assert.True(sent.Succeeded, sent.Error?.Detail);
        await fixture.Client.GetGrain<IConversationGrain>(sent.Value.ConversationId).CloseSessionAsync(tenant.Owner);

        // Environments are walls (docs/api.md: Boundaries): the live engine sees its conversation...
        var received = await Eventually.ReceiveAsync(live.Events, 2);
        Assert.Contains(received, e => e.Kind == ConversationEventKind.MessageAdded && e.Message?.Body == "Live secret");
        Assert.All(received, e => Assert.Equal((sent.Value.ConversationId, "live"), (e.ConversationId, e.Environment)));
        // ...and the same tenant's sandbox engine hears of none of it: its first event is a barrier published after them.
        await SampleEvents.PublishAsync(fixture.Client, SampleEvents.Message(tenant.TenantId, "sandbox barrier", environment: "sandbox"));
        var first = await Eventually.NextAsync(sandbox.Events);
        Assert.Equal(("sandbox barrier", "sandbox"), (first.Message?.Body, first.Environment));
        Assert.False(sandbox.Events.TryRead(out _));
    }
}
