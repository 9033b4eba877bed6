using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// A send whose message id the caller chose before it asked (an <c>Idempotency-Key</c>'s send, a campaign's) is made once:
/// asked again with the same id, after a crash or a lost answer, the conversation answers with what came of the first.
/// </summary>
public abstract class ChosenMessageIdTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : ChosenMessageIdTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : ChosenMessageIdTests(fixture);

    [Fact]
    public async Task StartOutbound_AskedAgainWithTheSameMessageId_AnswersTheFirstAndSendsOnce()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var messageId = "msg_" + Guid.CreateVersion7().ToString("N");
        var request = new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Your lab results are ready.", MessageId: messageId);

        var first = await pair.Grain.StartOutboundAsync(request);
        var again = await pair.Grain.StartOutboundAsync(request);

        Assert.True(first.Succeeded);
        Assert.True(again.Succeeded);
        Assert.Equal(messageId, first.Value.MessageId);
        Assert.Equal((first.Value.MessageId, first.Value.SessionId), (again.Value.MessageId, again.Value.SessionId));
        Assert.Single(await pair.OutboxAsync());
        Assert.Equal(messageId, Assert.Single((await pair.ViewAsync()).Messages).MessageId);
    }

    [Fact]
    public async Task StartOutbound_AnotherMessageId_IsAnotherSend()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        OutboundRequest Request(string body) => new(pair.Route, pair.AgentNumber, pair.CustomerNumber, body, MessageId: "msg_" + Guid.CreateVersion7().ToString("N"));

        await pair.Grain.StartOutboundAsync(Request("First."));
        await pair.Grain.StartOutboundAsync(Request("Second."));

        Assert.Equal(2, (await pair.OutboxAsync()).Count);
    }

    [Fact]
    public async Task AgentOpening_AskedAgainWithTheSameMessageId_SendsTheFirstOpeningOnly()
    {
        // The echo agent writes no opening of its own: the use case's greeting is sent.
        var pair = await fixture.NewPairAsync(greeting: "Hi, this is the clinic.");
        var request = new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, null, MessageId: "msg_" + Guid.CreateVersion7().ToString("N"));

        var first = await AgentOpening.SendAsync(fixture.Grains, pair.ConversationId, request);
        var again = await AgentOpening.SendAsync(fixture.Grains, pair.ConversationId, request);

        Assert.True(first.Succeeded, first.Error?.ToString());
        Assert.True(again.Succeeded, again.Error?.ToString());
        Assert.Equal(first.Value.MessageId, again.Value.MessageId);
        Assert.Equal(request.MessageId, first.Value.MessageId);
        Assert.Single(await pair.OutboxAsync());
    }

    [Fact]
    public async Task IdempotencyKey_FirstRecordWriteFails_NothingIsSentAndTheRetryRecordsTheKeyBeforeSending()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var key = fixture.Grains.GetGrain<IIdempotencyGrain>(IIdempotencyGrain.KeyFor(pair.Owner, "idem-" + Guid.NewGuid().ToString("N")));
        var request = new OutboundSmsRequest(pair.CustomerNumber, "Your lab results are ready.", pair.UseCaseId);
        fixture.Storage.FailNextWrite(key.GetGrainId(), committed: false);

        await Assert.ThrowsAnyAsync<Exception>(() => key.SendOnceAsync("fingerprint", request));
        Assert.Empty(await pair.OutboxAsync());
        var sent = await key.SendOnceAsync("fingerprint", request);

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Single(await pair.OutboxAsync());
        // The failed write dropped the activation: the retry wrote the key before its send, then the response.
        Assert.Equal(2, fixture.Storage.WritesOf(key.GetGrainId()));
    }
}
