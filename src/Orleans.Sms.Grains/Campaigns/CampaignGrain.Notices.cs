using Microsoft.Extensions.Logging;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// Notices from the campaign's conversations (replies, opt-outs, final statuses), counted by the batch: a notice only
/// joins the buffer (it interleaves, touching nothing else), and a timer <see cref="NoticeDelay"/> later applies the
/// buffer between turns (<see cref="NoticeBatch"/>): the recipients read in parallel, their rows saved together, the state
/// written once. At a thousand messages a second that is tens of writes a second instead of two per message, and the
/// steps do not queue behind one storage round trip per notice.
/// </summary>
/// <remarks>
/// A notice's call is answered once its flush is written, and fails when the flush does: the conversation owes the notice
/// in its state until then and tells it again (<see cref="Conversations.CampaignNoticeHandOver"/>), and a repeat changes
/// nothing. So a silo lost on either side loses no notice.
/// </remarks>
internal sealed partial class CampaignGrain
{
    private static readonly TimeSpan NoticeDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The most notices one flush applies (its recipient reads run at once); the rest go in the next flush, at once.</summary>
    private const int MaxNoticesPerFlush = 200;

    private List<(CampaignNotice Notice, TaskCompletionSource Counted)> _notices = [];
    private IGrainTimer? _noticeFlush;

    /// <summary>The last flush left notices for the next one (the journal's share was full): it comes at once.</summary>
    private bool _noticesDeferred;

    public Task NoticeInboundAsync(string phoneNumber, InboundNotice notice) => BufferAsync(CampaignNotice.OfInbound(phoneNumber, notice));

    public Task NoticeDeliveryAsync(string phoneNumber, string messageId, DeliveryStatus status, string? errorCode) =>
        BufferAsync(CampaignNotice.OfDelivery(phoneNumber, messageId, status, errorCode));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            while (_notices.Count > 0 && await FlushNoticesAsync())
            {
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the last notices' counts were not written at deactivation", Id);
        }
        Fail(_notices, new InvalidOperationException($"Campaign {Id} went before counting the notice: tell it again."));
        _notices = [];
    }

    private Task BufferAsync(CampaignNotice notice)
    {
        if (!S.Exists)
        {
            return Task.CompletedTask; // a deleted campaign: nothing to count
        }
        var counted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _notices.Add((notice, counted));
        ArmNoticeFlush(NoticeDelay);
        return counted.Task;
    }

    /// <summary>Arms the flush <paramref name="due"/> from now, unless one is armed already (it runs between turns).</summary>
    private void ArmNoticeFlush(TimeSpan due) =>
        _noticeFlush ??= this.RegisterGrainTimer(FlushNoticesOnTimerAsync,
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });

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
            await FlushNoticesAsync();
            if (_notices.Count > 0)
            {
                ArmNoticeFlush(_notices.Count >= MaxNoticesPerFlush || _noticesDeferred ? TimeSpan.Zero : NoticeDelay);
            }
        }
        finally
        {
            timer?.Dispose();
        }
    }

    /// <summary>
    /// Applies a batch of the buffered notices and answers their calls. A failed read or save of the recipients fails
    /// them (their conversations tell them again); so does a failed state write, which also drops the activation, so the
    /// next one starts from what is stored. False when the batch failed.
    /// </summary>
    private async Task<bool> FlushNoticesAsync()
    {
        _noticesDeferred = false;
        var batch = _notices.Count <= MaxNoticesPerFlush ? _notices : _notices[..MaxNoticesPerFlush];
        _notices = _notices.Count <= MaxNoticesPerFlush ? [] : _notices[MaxNoticesPerFlush..];
        // A final status of a message whose recipient the journal still has `sending` (its send not yet answered, or its
        // step failed before it recorded the outcome and waits for its retry) cannot be counted yet: told again later, it
        // meets the outcome. Answered sends are recorded first (written with the flush).
        var recorded = RecordAnswered();
        var sending = S.Journal.Where(r => r.Status == RecipientStatus.Sending).Select(r => r.PhoneNumber).ToHashSet(StringComparer.Ordinal);
        bool Early(CampaignNotice n) => n.Status is not null && sending.Contains(n.PhoneNumber);
        Fail(batch.Where(b => Early(b.Notice)), new InvalidOperationException($"Campaign {Id} has not recorded the send yet: tell the status again."));
        batch = batch.Where(b => !Early(b.Notice)).ToList();
        try
        {
            var applied = await ApplyNoticesAsync(batch.Select(b => b.Notice).ToList(), recorded);
            _notices.InsertRange(0, batch[applied..]); // the journal's share was full: the next flush takes them
            _noticesDeferred = applied < batch.Count;
            batch = batch[..applied];
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: {Count} notices not counted; their conversations tell them again", Id, batch.Count);
            Fail(batch, ex);
            return false;
        }
        foreach (var (_, counted) in batch)
        {
            counted.TrySetResult();
        }
        return true;
    }

    private static void Fail(IEnumerable<(CampaignNotice Notice, TaskCompletionSource Counted)> notices, Exception ex)
    {
        foreach (var (_, counted) in notices)
        {
            counted.TrySetException(ex);
        }
    }

    /// <summary>
    /// Counts the notices: the recipients read (the journal's version of one in it) and changed, the counts and the changed
    /// rows written in the state's journal together, then the rows saved. A save that fails leaves them in the journal,
    /// which the next step settles; a notice told again then meets the journal's version and changes nothing, so a count
    /// is never taken twice nor lost. With <paramref name="recorded"/> (answered sends recorded in the journal first), the
    /// state is written even when no notice changes anything. How many of the batch were applied: the first ones whose
    /// recipients fit in the journal's share (<see cref="JournalSize"/>), less what the journal holds beyond the step in flight
    /// (rows of flushes whose saves failed, which wait for a step); none when that is all of it: the notices fail, and their
    /// conversations tell them again once a step has settled the journal.
    /// </summary>
    private async Task<int> ApplyNoticesAsync(IReadOnlyList<CampaignNotice> batch, bool recorded)
    {
        var phones = batch.Select(n => n.PhoneNumber).Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(phones.Select(p => store.FindRecipientAsync(Id, p)));
        var stored = found.OfType<CampaignRecipient>().ToDictionary(r => r.PhoneNumber, StringComparer.Ordinal);
        foreach (var inFlight in S.Journal.Where(r => stored.ContainsKey(r.PhoneNumber)))
        {
            stored[inFlight.PhoneNumber] = inFlight; // newer than its row: its store write waits for a step
        }
        var room = JournalSize.Room(S.Journal);
        if (room <= 0 && batch.Count > 0)
        {
            throw new InvalidOperationException($"Campaign {Id}'s journal is full until a step saves it: tell the notices again.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var applied = JournalSize.Fitting(batch.Select(n =>
            seen.Add(n.PhoneNumber) && stored.TryGetValue(n.PhoneNumber, out var row) ? JournalSize.Of(row) : 0), room);
        batch = batch.Take(applied).ToList();
        var changes = NoticeBatch.Apply(stored, batch, clock.GetUtcNow(), mayResend: S.Status is CampaignStatus.Running or CampaignStatus.Paused);
        if (changes.Count == 0)
        {
            if (recorded)
            {
                await state.WriteOrDropAsync(this);
                await NoteProgressAsync();
            }
            return applied;
        }
        foreach (var change in changes)
        {
            Count(change);
        }
        var latest = NoticeBatch.Latest(changes);
        S.Journal = WithChanged(S.Journal, latest);
        await state.WriteOrDropAsync(this);
        try
        {
            await store.SaveRecipientsAsync(Id, latest);
            // Saved as they now are: storage forgets them with the next write, and settling them again is harmless. A
            // recipient whose send is in flight stays for the step that records it.
            var saved = latest.Select(r => r.Seq).ToHashSet();
            S.Journal = S.Journal.Where(r => r.Status == RecipientStatus.Sending || !saved.Contains(r.Seq)).ToList();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: {Count} recipients counted but not saved; the next step saves them", Id, latest.Count);
            await KeepHeartbeatAsync();
            Schedule(RetryAfterFailure);
        }
        if (S.Status == CampaignStatus.Running && S.HeldUntil is { } until)
        {
            Schedule(until - clock.GetUtcNow()); // a recipient held to be sent again
        }
        await NoteProgressAsync();
        return applied;
    }

    /// <summary>The journal with each changed recipient in it replaced, and the others added.</summary>
    private static List<CampaignRecipient> WithChanged(List<CampaignRecipient> journal, IReadOnlyList<CampaignRecipient> changed)
    {
        var bySeq = changed.ToDictionary(r => r.Seq);
        var kept = journal.Select(r => bySeq.Remove(r.Seq, out var newer) ? newer : r).ToList();
        kept.AddRange(bySeq.Values.OrderBy(r => r.Seq));
        return kept;
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
