using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Client.Tests;

/// <summary>ISmsEngine.SendAsync: the HTTP API's outbound rules and codes (docs/api.md: Sending), through the Orleans client.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SendTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SendAsync_ValidRequest_ReturnsTheCreatedOutcome()
    {
        var tenant = await fixture.NewTenantAsync();
        var customer = tenant.NewCustomer();
        var engine = fixture.EngineFor(tenant.TenantId);

        // Any common format, as over HTTP: "+1 555-71x-xxxx" becomes E.164.
        var formatted = $"+1 {customer[2..5]}-{customer[5..8]}-{customer[8..]}";
        var sent = await engine.SendAsync(new OutboundSmsRequest(formatted, "Hello from the SDK"));

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        var outcome = sent.Value;
        Assert.Equal(ConversationId.For(tenant.AgentNumber, customer), outcome.ConversationId);
        Assert.Equal(tenant.AgentNumber, outcome.From);
        Assert.Equal(customer, outcome.To);
        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal(1, outcome.Segments);
        Assert.Equal(SmsEncoding.Gsm7, outcome.Encoding);
        Assert.False(string.IsNullOrEmpty(outcome.SessionId));
        var outbox = Assert.Single(await tenant.OutboxAsync(customer));
        Assert.Equal("Hello from the SDK", outbox.Body);
    }

    [Fact]
    public async Task SendAsync_NamedUseCase_SendsFromItsPool()
    {
        var tenant = await fixture.NewTenantAsync();
        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi", UseCaseId: tenant.UseCaseId));

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Equal(tenant.AgentNumber, sent.Value.From);
    }

    [Theory]
    [InlineData("not a number")]
    [InlineData("")]
    public async Task SendAsync_UnparseableTo_InvalidPhoneNumber(string? to)
    {
        var tenant = await fixture.NewTenantAsync();

        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(to, "Hi"));

        Assert.Equal(SmsErrorCodes.InvalidPhoneNumber, sent.Error?.Code);
        Assert.Null(sent.Value);
    }

    [Fact]
    public async Task SendAsync_TenantThatDoesNotExist_NotFoundNamingTheTenant()
    {
        var sent = await fixture.EngineFor("ten_nobody_" + Guid.NewGuid().ToString("N")).SendAsync(new OutboundSmsRequest("+14155550100", "Hi"));

        Assert.Equal(SmsErrorCodes.NotFound, sent.Error?.Code);
        Assert.Contains("No tenant 'ten_nobody_", sent.Error!.Detail);
    }

    [Fact]
    public async Task SendAsync_NeitherToNorContact_InvalidRequest()
    {
        var tenant = await fixture.NewTenantAsync();

        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(null, "Hi"));

        Assert.Equal(SmsErrorCodes.InvalidRequest, sent.Error?.Code);
        Assert.Null(sent.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null, 1601)]
    public async Task SendAsync_EmptyOrOverlongMessage_InvalidMessage(string? message, int length = 0)
    {
        var tenant = await fixture.NewTenantAsync();
        var customer = tenant.NewCustomer();

        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(customer, message ?? new string('a', length)));

        Assert.Equal(SmsErrorCodes.InvalidMessage, sent.Error?.Code);
        Assert.Empty(await tenant.OutboxAsync(customer));
    }

    [Fact]
    public async Task SendAsync_TwoSmsUseCasesAndNoneNamed_UseCaseRequired()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.AddUseCaseAsync($"uc_c{tenant.N}_second");

        var sent = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi"));

        Assert.Equal(SmsErrorCodes.UseCaseRequired, sent.Error?.Code);
    }

    [Fact]
    public async Task SendAsync_OtherEnvironment_SeesNoUseCase()
    {
        var tenant = await fixture.NewTenantAsync(environment: "live");

        var sent = await fixture.EngineFor(tenant.TenantId, environment: "sandbox").SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi"));

        Assert.Equal(SmsErrorCodes.UseCaseRequired, sent.Error?.Code);
    }

    [Fact]
    public async Task SendAsync_UnknownOrOtherTenantsUseCase_NotFound()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();
        var engine = fixture.EngineFor(tenant.TenantId);

        var unknown = await engine.SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi", UseCaseId: "uc_nope"));
        var foreign = await engine.SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi", UseCaseId: other.UseCaseId));

        Assert.Equal(SmsErrorCodes.NotFound, unknown.Error?.Code);
        Assert.Equal(SmsErrorCodes.NotFound, foreign.Error?.Code);
    }

    [Fact]
    public async Task SendAsync_SameIdempotencyKey_SameOutcomeAndSentOnce()
    {
        var tenant = await fixture.NewTenantAsync();
        var customer = tenant.NewCustomer();
        var engine = fixture.EngineFor(tenant.TenantId);
        var request = new OutboundSmsRequest(customer, "Only once");

        var first = await engine.SendAsync(request, "order-42");
        var again = await engine.SendAsync(request, "order-42");

        Assert.True(first.Succeeded, first.Error?.Detail);
        Assert.Equal(first.Value, again.Value);
        Assert.Single(await tenant.OutboxAsync(customer));
    }

    [Fact]
    public async Task SendAsync_SameKeyDifferentRequest_IdempotencyKeyReused()
    {
        var tenant = await fixture.NewTenantAsync();
        var engine = fixture.EngineFor(tenant.TenantId);
        var customer = tenant.NewCustomer();

        Assert.Null((await engine.SendAsync(new OutboundSmsRequest(customer, "One"), "order-7")).Error);
        var reused = await engine.SendAsync(new OutboundSmsRequest(customer, "Two"), "order-7");

        Assert.Equal(SmsErrorCodes.IdempotencyKeyReused, reused.Error?.Code);
        Assert.Single(await tenant.OutboxAsync(customer));
    }

    [Fact]
    public async Task SendAsync_SameKeyOtherTenant_IsIndependent()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync();

        var mine = await fixture.EngineFor(tenant.TenantId).SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Hi"), "shared-key");
        var theirs = await fixture.EngineFor(other.TenantId).SendAsync(new OutboundSmsRequest(other.NewCustomer(), "Hi"), "shared-key");

        Assert.True(mine.Succeeded, mine.Error?.Detail);
        Assert.True(theirs.Succeeded, theirs.Error?.Detail);
        Assert.NotEqual(mine.Value.ConversationId, theirs.Value.ConversationId);
    }
}
