using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// An API send reads the recipient's standing and its sender once: the messaging service reads them to choose the
/// sender, and the conversation checks the send on what it read (<see cref="SendClearance"/>) instead of reading again.
/// </summary>
public abstract class OneReadPerSendTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : OneReadPerSendTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : OneReadPerSendTests(fixture);

    [Fact]
    public async Task AnApiSend_ReadsTheRecipientAndTheSenderOnce()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var (recipient, sender) = (Recipient(pair).GetGrainId(), Sender(pair).GetGrainId());

        var first = await SendAsync(pair, "Your lab results are ready.");

        Assert.True(first.Succeeded, first.Error?.Detail);
        Assert.Equal(1, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.GetAsync)));
        Assert.Equal(1, fixture.Calls.CallsOf(sender, nameof(IPhoneNumberGrain.GetAsync), from: Service(pair)));
        // The one read from the conversation is the simulator provider's, which files the send under the number's owner.
        Assert.Equal(1, fixture.Calls.CallsOf(sender, nameof(IPhoneNumberGrain.GetAsync), from: pair.GrainId));

        var second = await SendAsync(pair, "Reminder: your visit is tomorrow.");

        Assert.True(second.Succeeded, second.Error?.Detail);
        Assert.Equal(2, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.GetAsync)));
        Assert.Equal(2, (await pair.OutboxAsync()).Count);
        Assert.Equal(pair.AgentNumber, (await Recipient(pair).GetAsync()).LastSender);
    }

    [Fact]
    public async Task AStopTheConversationTookAfterTheSendersChoice_IsSeen_TheHandedOverReadingIsNotTrusted()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var chosen = await fixture.Grains.GetGrain<IMessagingServiceGrain>(pair.UseCaseId).SelectSenderAsync(pair.CustomerNumber, null);
        Assert.False(chosen.Value!.Standing.OptedOut);

        await pair.TextAsync("STOP"); // between the choice and the send, on this very conversation

        var sent = await pair.Grain.StartOutboundAsync(
            new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Your lab results are ready.", Clearance: chosen.Value));
        Assert.Equal(SmsErrorCodes.RecipientOptedOut, sent.Error?.Code);
        Assert.DoesNotContain(await pair.OutboxAsync(), m => m.Body == "Your lab results are ready.");
    }

    [Fact]
    public async Task AStopAnotherNumberTookAfterTheSendersChoice_RefusesTheSendAtTheClaim_AndLeavesNoConversation()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var chosen = await fixture.Grains.GetGrain<IMessagingServiceGrain>(pair.UseCaseId).SelectSenderAsync(pair.CustomerNumber, pair.AgentNumber);
        Assert.False(chosen.Value!.Standing.OptedOut);
        var other = pair with { AgentNumber = fixture.NewNumber("555") };
        Assert.True((await fixture.Grains.GetGrain<IPhoneNumberGrain>(other.AgentNumber)
            .RegisterAsync(pair.Owner, new PhoneNumberRegistration(PhoneNumberType.Mobile, ["sms"], "live"))).Succeeded);
        Assert.True((await fixture.Grains.GetGrain<IUseCaseGrain>(pair.UseCaseId).AssignNumberAsync(pair.Owner, other.AgentNumber)).Succeeded);

        await other.TextAsync("STOP"); // between the choice and the send, through another number of the same service

        var sent = await pair.Grain.StartOutboundAsync(
            new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Your lab results are ready.", Clearance: chosen.Value));
        Assert.Equal(SmsErrorCodes.RecipientOptedOut, sent.Error?.Code);
        Assert.DoesNotContain(await pair.OutboxAsync(), m => m.Body == "Your lab results are ready.");
        Assert.Equal(0, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Null(await pair.Grain.GetAsync(pair.Owner)); // not even in the activation's memory (GET answers 404)
        var standing = await Recipient(pair).GetAsync();
        Assert.True(standing.OptedOut);
        Assert.Null(standing.LastSender); // the refused number did not become the sticky sender
    }

    [Fact]
    public async Task AnApiSendToARecipientWhoOptedOut_IsRefusedOnTheChoicesReading_AndLeavesNoConversation()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await Recipient(pair).SetOptedOutAsync(true);
        var recipient = Recipient(pair).GetGrainId();

        var sent = await SendAsync(pair, "Your lab results are ready.");

        Assert.Equal(SmsErrorCodes.RecipientOptedOut, sent.Error?.Code);
        Assert.Equal(1, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.GetAsync)));
        Assert.Equal(0, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.ClaimAsync)));
        Assert.Empty(await pair.OutboxAsync());
        Assert.Equal(0, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Null(await pair.Grain.GetAsync(pair.Owner)); // not even in the activation's memory (GET answers 404)
    }

    [Fact]
    public async Task ASenderThatLeftThePool_IsRefusedByTheConversationsOwnRead_WhenNoChoiceWasHandedOver()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        Assert.True((await fixture.Grains.GetGrain<IUseCaseGrain>(pair.UseCaseId).UnassignNumberAsync(pair.Owner, pair.AgentNumber)).Succeeded);
        var before = fixture.Calls.CallsOf(Sender(pair).GetGrainId(), nameof(IPhoneNumberGrain.GetAsync));

        var sent = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Hello"));

        Assert.Equal(SmsErrorCodes.SenderNotCompliant, sent.Error?.Code);
        Assert.Equal(before + 1, fixture.Calls.CallsOf(Sender(pair).GetGrainId(), nameof(IPhoneNumberGrain.GetAsync)));
        Assert.Equal(1, fixture.Calls.CallsOf(Recipient(pair).GetGrainId(), nameof(IRecipientGrain.GetAsync), from: pair.GrainId));
        Assert.Equal(0, fixture.Calls.CallsOf(Recipient(pair).GetGrainId(), nameof(IRecipientGrain.ClaimAsync)));
        Assert.Null((await Recipient(pair).GetAsync()).LastSender); // a refused number does not become the sticky sender
        Assert.Empty(await pair.OutboxAsync());
    }

    [Fact]
    public async Task AnOpeningWithNoChoiceHandedOver_ReadsTheRecipientOnce_ThroughItsClaim()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var recipient = Recipient(pair).GetGrainId();

        var sent = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Hello"));

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Equal(1, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.ClaimAsync), from: pair.GrainId));
        Assert.Equal(0, fixture.Calls.CallsOf(recipient, nameof(IRecipientGrain.GetAsync), from: pair.GrainId));
        Assert.Equal(pair.AgentNumber, (await Recipient(pair).GetAsync()).LastSender);
        Assert.Single(await pair.OutboxAsync());
    }

    [Fact]
    public async Task AnOpeningToARecipientWhoOptedOut_FromASenderThatLeftThePool_IsRefusedForTheOptOutFirst()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await Recipient(pair).SetOptedOutAsync(true);
        Assert.True((await fixture.Grains.GetGrain<IUseCaseGrain>(pair.UseCaseId).UnassignNumberAsync(pair.Owner, pair.AgentNumber)).Succeeded);

        var sent = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Hello"));

        Assert.Equal(SmsErrorCodes.RecipientOptedOut, sent.Error?.Code);
        Assert.Equal(0, fixture.Calls.CallsOf(Recipient(pair).GetGrainId(), nameof(IRecipientGrain.ClaimAsync)));
        Assert.Empty(await pair.OutboxAsync());
    }

    private Task<SmsResult<OutboundOutcome>> SendAsync(TestPair pair, string message) =>
        fixture.Grains.GetGrain<IOutboundGrain>(0).SendAsync(pair.TenantId, "live", new OutboundSmsRequest(pair.CustomerNumber, message, pair.UseCaseId));

    private IRecipientGrain Recipient(TestPair pair) =>
        fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(pair.UseCaseId, pair.CustomerNumber));

    private GrainId Service(TestPair pair) => fixture.Grains.GetGrain<IMessagingServiceGrain>(pair.UseCaseId).GetGrainId();

    private IPhoneNumberGrain Sender(TestPair pair) => fixture.Grains.GetGrain<IPhoneNumberGrain>(pair.AgentNumber);
}
