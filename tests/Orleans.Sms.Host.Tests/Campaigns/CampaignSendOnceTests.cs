using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// The primitive a campaign's exactly-once rests on (docs/api.md: Campaigns): after a crash the campaign asks the pair's conversation
/// again with the message id it recorded before the first ask; the conversation sends a message id once.
/// </summary>
public abstract class CampaignSendOnceTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignSendOnceTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignSendOnceTests(factory);

    [Fact]
    public async Task AskedTwiceWithOneMessageId_TheConversationSendsOnce_AndAnswersBothWithThatMessage()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var client = new CampaignClient(tenant);
        var to = TestTenant.NewNumber("646");
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var conversation = grains.GetGrain<IConversationEngineGrain>(ConversationId.For(tenant.Number, to));
        var send = new CampaignSend("cmp_test", "msg_" + Guid.NewGuid().ToString("N"));
        var request = new OutboundRequest(new ConversationRoute(tenant.TenantId, tenant.UseCaseId, "live"), tenant.Number, to, "Your visit is due.", null, send);

        var first = await conversation.StartOutboundAsync(request);
        var again = await conversation.StartOutboundAsync(request);
        var other = await conversation.StartOutboundAsync(request with { Campaign = send with { MessageId = "msg_" + Guid.NewGuid().ToString("N") } });

        Assert.True(first.Succeeded && again.Succeeded && other.Succeeded);
        Assert.Equal((send.MessageId, send.MessageId), (first.Value.MessageId, again.Value.MessageId));
        Assert.Equal(first.Value.SessionId, again.Value.SessionId);
        Assert.NotEqual(send.MessageId, other.Value.MessageId);
        Assert.Equal(2, (await client.OutboxAsync(to)).Count); // the repeat sent nothing; the other id is another message
        var view = await tenant.Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/conversations/{first.Value.ConversationId}");
        Assert.Equal(2, view.GetProperty("messages").GetArrayLength());
    }
}
