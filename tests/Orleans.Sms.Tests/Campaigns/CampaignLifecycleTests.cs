using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class CampaignLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 5, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CampaignStatus.Draft, CampaignCommand.Start, CampaignStatus.Running)]
    [InlineData(CampaignStatus.Running, CampaignCommand.Start, CampaignStatus.Running)]
    [InlineData(CampaignStatus.Scheduled, CampaignCommand.Start, CampaignStatus.Scheduled)]
    [InlineData(CampaignStatus.Running, CampaignCommand.Pause, CampaignStatus.Paused)]
    [InlineData(CampaignStatus.Scheduled, CampaignCommand.Pause, CampaignStatus.Paused)]
    [InlineData(CampaignStatus.Paused, CampaignCommand.Pause, CampaignStatus.Paused)]
    [InlineData(CampaignStatus.Paused, CampaignCommand.Resume, CampaignStatus.Running)]
    [InlineData(CampaignStatus.Running, CampaignCommand.Resume, CampaignStatus.Running)]
    [InlineData(CampaignStatus.Draft, CampaignCommand.Cancel, CampaignStatus.Cancelled)]
    [InlineData(CampaignStatus.Paused, CampaignCommand.Cancel, CampaignStatus.Cancelled)]
    [InlineData(CampaignStatus.Cancelled, CampaignCommand.Cancel, CampaignStatus.Cancelled)]
    public void Next_AllowedMoves(CampaignStatus from, CampaignCommand command, CampaignStatus to) =>
        Assert.Equal(to, CampaignLifecycle.Next(from, command, sendAt: null, Now).Value);

    [Theory]
    [InlineData(CampaignStatus.Completed, CampaignCommand.Resume)]
    [InlineData(CampaignStatus.Completed, CampaignCommand.Cancel)]
    [InlineData(CampaignStatus.Completed, CampaignCommand.Start)]
    [InlineData(CampaignStatus.Cancelled, CampaignCommand.Start)]
    [InlineData(CampaignStatus.Cancelled, CampaignCommand.Resume)]
    [InlineData(CampaignStatus.Draft, CampaignCommand.Pause)]
    [InlineData(CampaignStatus.Draft, CampaignCommand.Resume)]
    [InlineData(CampaignStatus.Paused, CampaignCommand.Start)]
    public void Next_SenselessMoves_AreInvalidCampaignState(CampaignStatus from, CampaignCommand command) =>
        Assert.Equal("invalid_campaign_state", CampaignLifecycle.Next(from, command, sendAt: null, Now).Error?.Code);

    [Fact]
    public void StartAndResume_BeforeSendAt_AreScheduled()
    {
        Assert.Equal(CampaignStatus.Scheduled, CampaignLifecycle.Next(CampaignStatus.Draft, CampaignCommand.Start, Now.AddMinutes(1), Now).Value);
        Assert.Equal(CampaignStatus.Scheduled, CampaignLifecycle.Next(CampaignStatus.Paused, CampaignCommand.Resume, Now.AddMinutes(1), Now).Value);
        Assert.Equal(CampaignStatus.Running, CampaignLifecycle.Next(CampaignStatus.Draft, CampaignCommand.Start, Now, Now).Value);
    }

    [Fact]
    public void Complete_OnlyWhenRunningAndNothingIsPendingHeldOrSending()
    {
        var counts = new CampaignCounts().Added(3).Moved(RecipientStatus.Pending, RecipientStatus.Sent).Moved(RecipientStatus.Pending, RecipientStatus.Skipped);
        Assert.False(CampaignLifecycle.IsComplete(CampaignStatus.Running, counts));
        var held = counts.Moved(RecipientStatus.Pending, RecipientStatus.Held);
        Assert.False(CampaignLifecycle.IsComplete(CampaignStatus.Running, held));
        var done = held.Moved(RecipientStatus.Held, RecipientStatus.Sending).Moved(RecipientStatus.Sending, RecipientStatus.Failed);
        Assert.True(CampaignLifecycle.IsComplete(CampaignStatus.Running, done));
        Assert.False(CampaignLifecycle.IsComplete(CampaignStatus.Paused, done));
        Assert.Equal(done.Total, done.Partitioned());
        Assert.Equal((1, 1, 1), (done.Sent, done.Skipped, done.Failed));
    }

    [Fact]
    public void RecipientsAndDelete_FollowTheStatus()
    {
        Assert.Null(CampaignLifecycle.MayAddRecipients(CampaignStatus.Paused));
        Assert.Equal("invalid_campaign_state", CampaignLifecycle.MayAddRecipients(CampaignStatus.Completed)?.Code);
        Assert.Null(CampaignLifecycle.MayDelete(CampaignStatus.Draft));
        Assert.Equal("invalid_campaign_state", CampaignLifecycle.MayDelete(CampaignStatus.Scheduled)?.Code);
        Assert.True(CampaignLifecycle.UsesItsUseCase(CampaignStatus.Paused));
        Assert.False(CampaignLifecycle.UsesItsUseCase(CampaignStatus.Completed));
    }
}
