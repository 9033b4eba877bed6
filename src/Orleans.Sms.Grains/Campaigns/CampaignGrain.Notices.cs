using Microsoft.Extensions.Logging;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// Notices from the campaign's conversations (replies, opt-outs, final statuses), counted by the batch: a notice only
/// joins the buffer (it interleaves, touching nothing else), and a timer <see cref="NoticeDelay"/> later applies the
/// buffer between turns (<see cref="NoticeBatch"/>): the recipients read in parallel, their rows saved together, the state
/// written once. At a thousand messages a second that is a few writes a second instead of two per message, and the
/// steps do not queue behind one storage round trip per notice.
/// </summary>
/// <remarks>
/// Notices are one-way and live in this activation until their flush: a silo lost in between loses them (the counts of
/// those recipients stay at <c>sent</c>), as a notice in flight was lost before. A deactivation flushes what it holds.
/// </remarks>
internal sealed partial class CampaignGrain
{
    private static readonly TimeSpan NoticeDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The most notices one flush applies (its recipient reads run at once); the rest go in the next flush, at once.</summary>
    private const int MaxNoticesPerFlush = 500;

    private List<CampaignNotice> _notices = [];
    private IGrainTimer? _noticeFlush;

    public Task NoticeInboundAsync(string phoneNumber, InboundNotice notice) => BufferAsync(CampaignNotice.OfInbound(phoneNumber, notice));

    public Task NoticeDeliveryAsync(string phoneNumber, string messageId, DeliveryStatus status, string? errorCode) =>
        BufferAsync(CampaignNotice.OfDelivery(phoneNumber, messageId, status, errorCode));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            while (_notices.Count > 0)
            {
                if (!await FlushNoticesAsync())
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the last notices' counts were not written at deactivation", Id);
        }
        if (_notices.Count > 0)
        {
            logger.LogWarning("Campaign {CampaignId}: {Count} notices were not counted at deactivation", Id, _notices.Count);
        }
    }

    private Task BufferAsync(CampaignNotice notice)
    {
        if (S.Exists)
        {
            _notices.Add(notice);
            ArmNoticeFlush(NoticeDelay);
        }
        return Task.CompletedTask;
    }

    /// <summary>Arms the flush <paramref name="due"/> from now, unless one is armed already (it runs between turns).</summary>
    private void ArmNoticeFlush(TimeSpan due) =>
        _noticeFlush ??= this.RegisterGrainTimer(FlushNoticesOnTimerAsync,
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });

    /// <summary>
    /// Applies the buffered notices. A failed read or save of the recipients puts the batch back for a flush
    /// <see cref="RetryAfterFailure"/> later; a failed state write drops the activation, so the next one starts from what is stored.
    /// </summary>
    /// <remarks>
    /// Storage calls are not cancelled with the timer (Orleans cancels a timer's token when it is disposed or the
    /// activation goes): a flush that started finishes.
    /// </remarks>
    private async Task FlushNoticesOnTimerAsync(CancellationToken _)
    {
        var timer = _noticeFlush;
        _noticeFlush = null; // notices arriving from here on arm the next flush
        try
        {
            var flushed = await FlushNoticesAsync();
            if (!flushed || _notices.Count > 0)
            {
                ArmNoticeFlush(!flushed ? RetryAfterFailure : _notices.Count >= MaxNoticesPerFlush ? TimeSpan.Zero : NoticeDelay);
            }
        }
        finally
        {
            timer?.Dispose();
        }
    }

    /// <summary>False when the recipients could not be read or saved: the batch is back in the buffer.</summary>
    private async Task<bool> FlushNoticesAsync()
    {
        var batch = _notices.Count <= MaxNoticesPerFlush ? _notices : _notices[..MaxNoticesPerFlush];
        _notices = _notices.Count <= MaxNoticesPerFlush ? [] : _notices[MaxNoticesPerFlush..];
        IReadOnlyList<NoticeChange> changes;
        try
        {
            var phones = batch.Select(n => n.PhoneNumber).Distinct(StringComparer.Ordinal).ToList();
            var found = await Task.WhenAll(phones.Select(p => store.FindRecipientAsync(Id, p)));
            var stored = found.OfType<CampaignRecipient>().ToDictionary(r => r.PhoneNumber, StringComparer.Ordinal);
            foreach (var inFlight in S.Journal.Where(r => stored.ContainsKey(r.PhoneNumber)))
            {
                stored[inFlight.PhoneNumber] = inFlight; // newer than its row: the step's store write waits for its retry
            }
            changes = NoticeBatch.Apply(stored, batch, clock.GetUtcNow(), mayResend: S.Status is CampaignStatus.Running or CampaignStatus.Paused);
            if (changes.Count > 0)
            {
                await store.SaveRecipientsAsync(Id, NoticeBatch.Latest(changes));
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: {Count} notices not counted yet", Id, batch.Count);
            _notices.InsertRange(0, batch);
            return false;
        }
        if (changes.Count == 0)
        {
            return true;
        }
        foreach (var change in changes)
        {
            Count(change);
        }
        KeepInJournal(NoticeBatch.Latest(changes));
        await state.WriteOrDropAsync(this);
        if (S.Status == CampaignStatus.Running && S.HeldUntil is { } until)
        {
            Schedule(until - clock.GetUtcNow()); // a recipient held to be sent again
        }
        await NoteProgressAsync();
        return true;
    }

    /// <summary>
    /// A recipient a notice changed that is still in the journal (its step's store write failed and waits for its retry,
    /// which writes the journal's rows) is changed there too: else the retry would store the row as it was before the
    /// notice, and a reply or delivery counted would be lost from the recipient's row.
    /// </summary>
    private void KeepInJournal(IReadOnlyList<CampaignRecipient> changed)
    {
        if (S.Journal.Count == 0)
        {
            return;
        }
        var bySeq = changed.ToDictionary(r => r.Seq);
        S.Journal = S.Journal.Select(r => bySeq.GetValueOrDefault(r.Seq) ?? r).ToList();
    }

    /// <summary>Moves the counts and the auto-pause window for one change, and judges auto-pause after it.</summary>
    private void Count(NoticeChange change)
    {
        var (before, after) = (change.Before, change.After);
        if (change.Notice.Status is not null)
        {
            S.Counts = S.Counts.Moved(before.Status, after.Status);
            if (after is { Status: RecipientStatus.Held, HeldUntil: { } resendAt })
            {
                S.Window.Withdraw(after.Seq); // not a failure: its resend is judged as a message of its own
                NoteHeld(resendAt);
            }
            else if (after.Status == RecipientStatus.Failed)
            {
                S.Window.Failed(after.Seq);
                AutoPause();
            }
        }
        else if (change.Notice.Inbound == InboundNotice.Replied)
        {
            S.Counts = S.Counts with { Replied = S.Counts.Replied + 1 };
        }
        else
        {
            S.Counts = S.Counts with { OptedOut = S.Counts.OptedOut + 1 };
            S.Window.OptedOut(after.Seq);
            AutoPause();
        }
    }
}
