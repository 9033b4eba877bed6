using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// A customer's reply to a campaign message while the campaign cannot count it: its state write fails (the activation
/// goes), or is stored without the campaign learning it. The conversation owes the notice until the campaign has counted
/// it and tells it again, so the reply is counted once: never lost, never twice.
/// </summary>
public abstract class CampaignNoticeDurabilityTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : CampaignNoticeDurabilityTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : CampaignNoticeDurabilityTests(fixture);

    private static readonly QuietHoursSettings NoQuietHours = QuietHoursSettings.Default with { Enabled = false };

    [Theory]
    [InlineData(false)] // the write failed: nothing stored, the activation goes
    [InlineData(true)] // the write was stored, its answer lost: the activation goes all the same
    public async Task AReplyWhoseCampaignWriteFails_IsCountedOnce_AndTheRowShowsIt(bool committed)
    {
        var (pair, campaign, number) = await CompletedCampaignAsync();
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed);

        var delivery = await fixture.Router.RouteAsync(new InboundSms($"SM{Guid.NewGuid():N}", number, pair.AgentNumber, "Yes, see you then", []));

        Assert.False(delivery.Unrouted);
        await Eventually.TrueAsync(() => Task.FromResult(!fixture.Storage.WriteFaultPending(campaign.GetGrainId())), "the campaign's write to fail");
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Counts.Replied == 1,
            () => $"the reply to be counted (counts {view?.Counts})");
        await Eventually.TrueAsync(async () => (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single().Replied,
            "the recipient's row to show the reply");

        // The conversation tells the reply again (its first call failed). A STOP after it is told after it, in order: once
        // the opt-out is counted, so is whatever the repeat did.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Calls.CallsOf(campaign.GetGrainId(), nameof(ICampaignGrain.NoticeInboundAsync)) >= 2),
            "the conversation to tell the reply again");
        await fixture.Router.RouteAsync(new InboundSms($"SM{Guid.NewGuid():N}", number, pair.AgentNumber, "STOP", []));
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Counts.OptedOut == 1,
            () => $"the opt-out to be counted (counts {view?.Counts})");
        Assert.Equal(1, view!.Counts.Replied);
    }

    private async Task<(TestPair Pair, ICampaignGrain Campaign, string Number)> CompletedCampaignAsync()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>($"cmp_{Guid.NewGuid():N}");
        await campaign.CreateAsync(pair.Owner, new CampaignDraft("Reminders", pair.UseCaseId, "Your visit is due.", null, null, NoQuietHours, null, AutoPauseSettings.Default));
        var number = fixture.NewNumber("646");
        Assert.Equal(1, (await campaign.AddRecipientsAsync(pair.Owner, new RecipientList(null, [number]))).Value!.Added);
        Assert.True((await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Succeeded);
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Status == CampaignStatus.Completed,
            () => $"the campaign to complete (it is {view?.Status}, {view?.Counts})");
        return (pair, campaign, number);
    }
}
