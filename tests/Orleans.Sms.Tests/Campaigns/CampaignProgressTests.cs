using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Events;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// When a campaign publishes its progress: a status or pause reason at once, moved counts coalesced to one event per
/// <see cref="CampaignProgress.CountsInterval"/> that always carries the latest counts.
/// </summary>
public sealed class CampaignProgressTests
{
    private static readonly TimeSpan Interval = CampaignProgress.CountsInterval;
    private static readonly CampaignCounts Ten = new CampaignCounts().Added(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 5, 15, 0, 0, TimeSpan.Zero));

    private CampaignEvent At(CampaignStatus status, CampaignCounts counts, PauseReason? reason = null) =>
        new("cmp_1", "ten_1", "live", status, reason, counts, _clock.GetUtcNow());

    private static CampaignCounts Sent(int sent) =>
        Enumerable.Range(0, sent).Aggregate(Ten, (c, _) => c.Moved(RecipientStatus.Pending, RecipientStatus.Sent));

    [Fact]
    public void ANewCampaign_IsPublishedAtOnce()
    {
        var progress = new CampaignProgress(baseline: null);

        var draft = At(CampaignStatus.Draft, new CampaignCounts());
        Assert.Equal(new ProgressDecision(draft, null), progress.Note(draft));
        Assert.Equal(ProgressDecision.None, progress.Note(draft with { At = draft.At.AddSeconds(1) }));
    }

    [Fact]
    public void NothingExists_NothingIsPublished()
    {
        var progress = new CampaignProgress(baseline: null);

        Assert.Equal(ProgressDecision.None, progress.Note(null));
        Assert.Null(progress.Flush(null));
    }

    [Fact]
    public void TheCampaignAsStoredAtActivation_IsNotPublishedAgain()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Completed, Sent(10)));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ProgressDecision.None, progress.Note(At(CampaignStatus.Completed, Sent(10))));
        Assert.Null(progress.Flush(At(CampaignStatus.Completed, Sent(10))));
    }

    [Fact]
    public void AStatusChange_IsPublishedAtOnce_WithTheCountsOfThatMoment()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Draft, Ten));
        var running = At(CampaignStatus.Running, Ten);
        Assert.Equal(new ProgressDecision(running, null), progress.Note(running));

        _clock.Advance(TimeSpan.FromMilliseconds(1)); // well inside the interval: a status is never held back
        var completed = At(CampaignStatus.Completed, Sent(10));
        Assert.Equal(new ProgressDecision(completed, null), progress.Note(completed));
        Assert.False(progress.Owed);
    }

    [Fact]
    public void APauseReason_IsPartOfTheStatus_AndPublishedAtOnce()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Paused, Sent(4), PauseReason.Manual));

        var autoPaused = At(CampaignStatus.Paused, Sent(4), PauseReason.FailureRate);
        Assert.Equal(autoPaused, progress.Note(autoPaused).Publish);
    }

    [Fact]
    public void MovedCounts_AfterTheActivation_AreFlushedAfterTheTurn_NotInIt()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Running, Sent(2)));

        // Nothing published since the activation: the flush is due at once, i.e. when the grain's turn is over.
        Assert.Equal(new ProgressDecision(null, TimeSpan.Zero), progress.Note(At(CampaignStatus.Running, Sent(3))));
        Assert.True(progress.Owed);
        var flushed = progress.Flush(At(CampaignStatus.Running, Sent(4)));
        Assert.Equal(Sent(4), flushed?.Counts); // the counts as they are when the flush runs
        Assert.False(progress.Owed);
    }

    [Fact]
    public void MovedCounts_SoonAfterAnEvent_WaitForTheRestOfTheInterval_AndCoalesce()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Draft, Ten));
        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Ten)).Publish);

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(new ProgressDecision(null, Interval - TimeSpan.FromMilliseconds(100)), progress.Note(At(CampaignStatus.Running, Sent(1))));
        // Steps and notices in the meantime ask for no event and no other flush: the one due carries them all.
        for (var sent = 2; sent <= 5; sent++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            Assert.Equal(ProgressDecision.None, progress.Note(At(CampaignStatus.Running, Sent(sent))));
        }

        _clock.Advance(TimeSpan.FromMilliseconds(110));
        Assert.Equal(Sent(5), progress.Flush(At(CampaignStatus.Running, Sent(5)))?.Counts);
        Assert.Null(progress.Flush(At(CampaignStatus.Running, Sent(5)))); // nothing moved since
    }

    [Fact]
    public void MovedCounts_LongAfterTheLastEvent_AreFlushedAtOnce()
    {
        var progress = new CampaignProgress(null);
        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Ten)).Publish);

        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(new ProgressDecision(null, TimeSpan.Zero), progress.Note(At(CampaignStatus.Running, Sent(1))));
    }

    [Fact]
    public void AFlushDue_ThatAStatusChangeOvertook_PublishesNothing()
    {
        var progress = new CampaignProgress(At(CampaignStatus.Running, Sent(8)));
        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Sent(9))).FlushIn);

        var completed = At(CampaignStatus.Completed, Sent(10));
        Assert.Equal(completed, progress.Note(completed).Publish);
        Assert.False(progress.Owed);
        Assert.Null(progress.Flush(completed));
    }

    [Fact]
    public void CountsThatCameBack_ToWhatWasPublished_FlushNothing()
    {
        var progress = new CampaignProgress(null);
        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Ten)).Publish);

        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Sent(1))).FlushIn);
        Assert.Null(progress.Flush(At(CampaignStatus.Running, Ten)));
    }

    [Fact]
    public void TheFlushDelay_NeverExceedsTheInterval_WhenTheEnginesClockGoesBack()
    {
        var progress = new CampaignProgress(null);
        Assert.NotNull(progress.Note(At(CampaignStatus.Running, Ten)).Publish);

        var earlier = At(CampaignStatus.Running, Sent(1)) with { At = _clock.GetUtcNow().AddMinutes(-1) };
        Assert.Equal(Interval, progress.Note(earlier).FlushIn);
    }
}
