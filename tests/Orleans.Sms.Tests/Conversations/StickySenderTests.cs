using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// Every opening a conversation sends (an API send, an agent-written opening, a campaign message) makes its number the
/// recipient's sticky sender, in the conversation's own send path, whoever asked; a refused opening records nothing.
/// </summary>
public abstract class StickySenderTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : StickySenderTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : StickySenderTests(fixture);

    public static TheoryData<string> Openings => ["api", "agent", "campaign"];

    [Theory]
    [MemberData(nameof(Openings))]
    public async Task AnOpening_MakesItsNumberTheRecipientsStickySender(string opening)
    {
        var pair = await fixture.NewPairAsync(greeting: "Hi, this is the clinic.");
        Assert.Null((await RecipientOf(pair).GetAsync()).LastSender);

        var sent = opening switch
        {
            "api" => await pair.Grain.StartOutboundAsync(Request(pair, "Your lab results are ready.")),
            "agent" => await AgentOpening.SendAsync(fixture.Grains, pair.ConversationId, Request(pair, null)),
            _ => await pair.Grain.StartOutboundAsync(Request(pair, "Flu shots are in.") with
            {
                Campaign = new CampaignSend("cmp_" + Guid.NewGuid().ToString("N"), "msg_" + Guid.CreateVersion7().ToString("N")),
            }),
        };

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Single(await pair.OutboxAsync());
        Assert.Equal(pair.AgentNumber, (await RecipientOf(pair).GetAsync()).LastSender);
    }

    [Fact]
    public async Task ARefusedOpening_RecordsNoSender()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await RecipientOf(pair).SetOptedOutAsync(true);

        var sent = await pair.Grain.StartOutboundAsync(Request(pair, "Your lab results are ready."));

        Assert.Equal(SmsErrorCodes.RecipientOptedOut, sent.Error?.Code);
        Assert.Empty(await pair.OutboxAsync());
        Assert.Null((await RecipientOf(pair).GetAsync()).LastSender);
    }

    private IRecipientGrain RecipientOf(TestPair pair) =>
        fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(pair.UseCaseId, pair.CustomerNumber));

    private static OutboundRequest Request(TestPair pair, string? message) =>
        new(pair.Route, pair.AgentNumber, pair.CustomerNumber, message, MessageId: "msg_" + Guid.CreateVersion7().ToString("N"));
}
