using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client.Tests;

/// <summary>Reading and updating conversations through ISmsEngine (docs/api.md: Conversations): another tenant's answer null, never data.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task GetConversationAsync_AfterSend_ReturnsTheConversation()
    {
        var (tenant, engine, sent) = await SentAsync("Your order shipped");

        var view = await engine.GetConversationAsync(sent.ConversationId);

        Assert.NotNull(view);
        Assert.Equal(sent.ConversationId, view.ConversationId);
        Assert.Equal(tenant.AgentNumber, view.AgentNumber);
        Assert.Equal(sent.To, view.CustomerNumber);
        Assert.Equal(tenant.UseCaseId, view.UseCaseId);
        Assert.Equal(ConversationStatus.InProgress, view.Status);
        Assert.True(view.AgentMode);
        Assert.Equal(sent.SessionId, view.Session?.SessionId);
        var message = Assert.Single(view.Messages);
        Assert.Equal((sent.MessageId, "Your order shipped", MessageSource.Api), (message.MessageId, message.Body, message.Source));
    }

    [Fact]
    public async Task GetConversationAsync_OtherTenantUnknownOrMalformed_Null()
    {
        var (_, _, sent) = await SentAsync("Private");
        var other = await fixture.NewTenantAsync();
        var otherEngine = fixture.EngineFor(other.TenantId);

        Assert.Null(await otherEngine.GetConversationAsync(sent.ConversationId));
        Assert.Null(await otherEngine.GetConversationAsync(ConversationId.For(other.AgentNumber, other.NewCustomer())));
        Assert.Null(await otherEngine.GetConversationAsync("conv_not-an-id"));
    }

    [Fact]
    public async Task GetConversationAsync_LimitOutOfRange_Throws()
    {
        var engine = fixture.EngineFor("ten_any");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => engine.GetConversationAsync("conv_x", 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => engine.GetConversationAsync("conv_x", SmsEngine.MaxMessages + 1));
    }

    [Fact]
    public async Task SetStatusAsync_ChangesTheStatus()
    {
        var (_, engine, sent) = await SentAsync("Interested?");

        var updated = await engine.SetStatusAsync(sent.ConversationId, ConversationStatus.Qualified);

        Assert.Equal(ConversationStatus.Qualified, updated?.Status);
        Assert.True(updated?.AgentMode);
        Assert.Equal(ConversationStatus.Qualified, (await engine.GetConversationAsync(sent.ConversationId))?.Status);
    }

    [Fact]
    public async Task SetAgentModeAsync_TurnsTheAgentOff()
    {
        var (_, engine, sent) = await SentAsync("A human will answer");

        var updated = await engine.SetAgentModeAsync(sent.ConversationId, agentMode: false);

        Assert.False(updated?.AgentMode);
        Assert.Equal(ConversationStatus.InProgress, updated?.Status);
    }

    [Fact]
    public async Task SetStatusAsync_OtherTenant_NullAndUnchanged()
    {
        var (_, engine, sent) = await SentAsync("Mine");
        var other = await fixture.NewTenantAsync();

        Assert.Null(await fixture.EngineFor(other.TenantId).SetStatusAsync(sent.ConversationId, ConversationStatus.Dnc));
        Assert.Null(await fixture.EngineFor(other.TenantId).SetAgentModeAsync(sent.ConversationId, false));

        var view = await engine.GetConversationAsync(sent.ConversationId);
        Assert.Equal(ConversationStatus.InProgress, view?.Status);
        Assert.True(view?.AgentMode);
    }

    [Fact]
    public async Task SameTenantOtherEnvironment_NullAndUnchanged()
    {
        var (tenant, engine, sent) = await SentAsync("Live only");

        // Environments are walls (docs/api.md: Boundaries): the tenant's sandbox and dev engines see nothing of its live conversation.
        foreach (var environment in new[] { "sandbox", "dev" })
        {
            var walled = fixture.EngineFor(tenant.TenantId, environment);
            Assert.Equal(new ResourceOwner(tenant.TenantId, environment), walled.Owner);
            Assert.Null(await walled.GetConversationAsync(sent.ConversationId));
            Assert.Null(await walled.SetStatusAsync(sent.ConversationId, ConversationStatus.Dnc));
            Assert.Null(await walled.SetAgentModeAsync(sent.ConversationId, false));
        }

        var view = await engine.GetConversationAsync(sent.ConversationId);
        Assert.Equal((ConversationStatus.InProgress, true), (view?.Status, view?.AgentMode));
    }

    private async Task<(TestTenant Tenant, SmsEngine Engine, OutboundOutcome Sent)> SentAsync(string message)
    {
        var tenant = await fixture.NewTenantAsync();
        var engine = fixture.EngineFor(tenant.TenantId);
        var sent = await engine.SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), message));
        Assert.True(sent.Succeeded, sent.Error?.Detail);
        return (tenant, engine, sent.Value);
    }
}
