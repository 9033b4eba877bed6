using Orleans.Sms.Conversations;
using Orleans.Sms.Numbers;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Hosting;

/// <summary>The hot paths' grain references are the ones Orleans makes, for the first key of an interface and every other.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture<MemoryClusterStorage> fixture)
{
    [Fact]
    public async Task Reference_IsTheSameAsGetGrain_ForEveryKeyAndInterface()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("hello");

        foreach (var key in new[] { pair.ConversationId, ConversationId.For("+15550000001", "+15550000002"), pair.ConversationId })
        {
            var expected = (GrainReference)(object)fixture.Grains.GetGrain<IConversationEngineGrain>(key);
            var reference = (GrainReference)(object)fixture.Grains.Reference<IConversationEngineGrain>(key);
            Assert.Equal((expected.GrainId, expected.InterfaceType), (reference.GrainId, reference.InterfaceType));
            Assert.Equal(expected, reference);
        }
        // Another interface keeps its own types; the references answer as the grains they name.
        var number = fixture.Grains.Reference<IPhoneNumberGrain>(pair.AgentNumber);
        Assert.Equal(fixture.Grains.GetGrain<IPhoneNumberGrain>(pair.AgentNumber).GetGrainId(), number.GetGrainId());
        Assert.Equal(pair.AgentNumber, (await number.GetAsync())?.PhoneNumber);
        Assert.Equal("hello", Assert.Single((await fixture.Grains.Reference<IConversationEngineGrain>(pair.ConversationId).GetAsync(pair.Owner))!.Messages).Body);
    }
}
