using Orleans.Sms.Campaigns;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// A campaign whose state write was stored but not acknowledged (a timeout after the commit): the grain's ETag is then
/// behind storage's, and every later write of that activation fails. The campaign must start again from storage and send
/// each recipient once, whether the write was a call's (<c>start</c>) or a step's.
/// </summary>
public abstract class CampaignWriteFailureTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : CampaignWriteFailureTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : CampaignWriteFailureTests(fixture);

    private static readonly QuietHoursSettings NoQuietHours = QuietHoursSettings.Default with { Enabled = false };

    [Fact]
    public async Task StartsWriteStoredButNotAcknowledged_StartAgainAnswersIt_AndEachRecipientIsSentOnce()
    {
        var (pair, campaign, numbers) = await CampaignAsync(sendAt: null);
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => campaign.CommandAsync(pair.Owner, CampaignCommand.Start));
        var again = await campaign.CommandAsync(pair.Owner, CampaignCommand.Start); // the caller's retry

        Assert.True(again.Succeeded);
        await AssertEachSentOnceAsync(pair, campaign, numbers);
    }

    [Fact]
    public async Task AStepsWriteStoredButNotAcknowledged_TheCampaignGoesOnFromStorage_AndEachRecipientIsSentOnce()
    {
        var sendAt = fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var (pair, campaign, numbers) = await CampaignAsync(sendAt);
        Assert.Equal(CampaignStatus.Scheduled, (await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Value!.Status);
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed: true); // the step's: scheduled → running

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await campaign.AsReference<IRemindable>().ReceiveReminder("campaign-heartbeat", new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow));

        await AssertEachSentOnceAsync(pair, campaign, numbers);
    }

    private async Task<(TestPair Pair, ICampaignGrain Campaign, string[] Numbers)> CampaignAsync(DateTimeOffset? sendAt)
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>($"cmp_{Guid.NewGuid():N}");
        await campaign.CreateAsync(pair.Owner, new CampaignDraft("Reminders", pair.UseCaseId, "Your visit is due.", null, sendAt, NoQuietHours, null, AutoPauseSettings.Default));
        var numbers = Enumerable.Range(0, 3).Select(_ => fixture.NewNumber("646")).ToArray();
        Assert.Equal(3, (await campaign.AddRecipientsAsync(pair.Owner, new RecipientList(null, numbers))).Value!.Added);
        return (pair, campaign, numbers);
    }

    private async Task AssertEachSentOnceAsync(TestPair pair, ICampaignGrain campaign, string[] numbers)
    {
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Status == CampaignStatus.Completed,
            () => $"the campaign to complete (it is {view?.Status}, {view?.Counts})");
        Assert.Equal((3, 3), (view!.Counts.Total, view.Counts.Sent + view.Counts.Delivered));
        var outbox = fixture.Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(pair.Owner));
        foreach (var number in numbers)
        {
            Assert.Single(await outbox.ListAsync(number));
        }
    }
}
