using Microsoft.Extensions.Logging;
using Orleans.Sms.Events;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// Progress events (docs/api.md, "Progress events"): after each turn of the grain — every call, through this grain's own
/// call filter, and every step — the campaign as it then stands (what <c>GET</c> shows) is shown to
/// <see cref="CampaignProgress"/>, and what it decides is published to the owner's hub, one-way. Noting after the turn
/// rather than at each write keeps the sending code free of it, and an event never shows a step half-way. (Orleans 10
/// passes timer ticks through the call filter too, so the step's own note finds nothing new; it is there so that the
/// steps do not depend on that.) A call that fails drops the activation instead (its state may not be storage's).
/// </summary>
internal sealed partial class CampaignGrain : IIncomingGrainCallFilter
{
    private CampaignProgress? _progress;
    private IGrainTimer? _progressFlush;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.InterfaceMethod?.IsDefined(typeof(ReadOnlyAttribute), inherit: true) != true)
        {
            // A call that fails may have changed state that was never written, or written without the grain learning it
            // (its ETag is then behind storage's): the activation goes, and the next call starts again from what storage
            // has, as a conversation's does. Nothing is published of what this activation held.
            logger.LogWarning(ex, "Campaign {CampaignId} failed a call; the next one starts again from storage", Id);
            DeactivateOnIdle();
            throw;
        }
        // A notice only joins the buffer, interleaved with whatever runs: its flush notes the progress.
        if (context.InterfaceMethod.Name is not (nameof(NoticeDeliveryAsync) or nameof(NoticeInboundAsync)))
        {
            await NoteProgressAsync();
        }
    }

    /// <summary>Subscribers are taken to know the campaign as stored: nothing is published for an activation itself.</summary>
    private void StartProgress() => _progress = new CampaignProgress(Progress());

    private async Task NoteProgressAsync()
    {
        var decision = (_progress ??= new CampaignProgress(null)).Note(Progress());
        if (decision.Publish is { } e)
        {
            await CampaignEvents.PublishAsync(GrainFactory, e, logger);
        }
        if (decision.FlushIn is { } due)
        {
            // Not interleaved: the flush runs between turns, so it publishes a whole step's counts.
            _progressFlush?.Dispose();
            _progressFlush = this.RegisterGrainTimer(FlushProgressAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false });
        }
    }

    private async Task FlushProgressAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return; // a tick already queued when its timer was replaced (Orleans still delivers it, cancelled)
        }
        _progressFlush?.Dispose();
        _progressFlush = null;
        if (_progress?.Flush(Progress()) is { } e)
        {
            await CampaignEvents.PublishAsync(GrainFactory, e, logger);
        }
    }

    /// <summary>The campaign as it stands now, as an event; null when it does not exist.</summary>
    private CampaignEvent? Progress() => S.Owner is { } owner
        ? new CampaignEvent(Id, owner.TenantId, owner.Environment, S.Status, S.PauseReason, S.Counts, clock.GetUtcNow())
        : null;
}
