using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

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
        await engine.SetStatusAsync(sent.Value!.ConversationId, ConversationStatus.Completed);
        await fixture.Client.GetGrain<IConversationGrain>(sent.Value.ConversationId).CloseSessionAsync(tenant.Owner);

        var received = await Eventually.ReceiveAsync(subscription.Events, 3);
        var message = Assert.Single(received, e => e.Kind == ConversationEventKind.MessageAdded);
        Assert.Equal((sent.Value.MessageId, "Your order shipped."), (message.Message?.MessageId, message.Message?.Body));
        Assert.Equal(ConversationStatus.Completed, Assert.Single(received, e => e.Kind == ConversationEventKind.StatusChanged).Status);
        Assert.Equal(SessionEndReason.Closed, Assert.Single(received, e => e.Kind == ConversationEventKind.SessionEnded).EndReason);
        Assert.All(received, e => Assert.Equal((tenant.TenantId, sent.Value.ConversationId), (e.TenantId, e.ConversationId)));
    }
}
