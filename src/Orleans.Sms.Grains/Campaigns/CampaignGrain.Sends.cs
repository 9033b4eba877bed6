using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// A step's sends, recorded by the next step: a running campaign's step journals its recipients, starts their sends and,
/// while they are in flight, records the last step's (awaits them, writes their outcomes to the journal, saves them to the
/// store). So the provider is not left idle while a step decides, journals and saves, and at most two steps' sends are in
/// flight. Exactly once is the journal's as before: every recipient is <c>sending</c> in stored state before its send
/// starts, and one whose outcome this activation did not see (a restart, a failed step) is asked of its conversation
/// again with the same message id.
/// </summary>
internal sealed partial class CampaignGrain
{
    /// <summary>This activation's sends not yet recorded, by seq (forgotten with a failed step: the retry asks again).</summary>
    private readonly Dictionary<long, Task<CampaignRecipient>> _sends = [];

    /// <summary>
    /// Starts the sends of a step's <c>sending</c> recipients. Once they are all answered, they are recorded without
    /// waiting for the next step (which a paced campaign may not take for a while): by the notice flush, one state write
    /// (the next step saves them to the store), or by a step at once when nobody is left to send (it may complete the
    /// campaign).
    /// </summary>
    private void StartSends(IEnumerable<CampaignRecipient> decided, DateTimeOffset now)
    {
        var started = decided.Where(r => r.Status == RecipientStatus.Sending).Select(r => Send(r, now)).ToList();
        if (started.Count > 0)
        {
            _ = StepWhenAnsweredAsync(started);
        }
    }

    private async Task StepWhenAnsweredAsync(List<Task<CampaignRecipient>> sends)
    {
        try
        {
            await Task.WhenAll(sends);
        }
        catch
        {
            // the step that records them meets the failure
        }
        try
        {
            if (S.Counts.Pending == 0 && S.Counts.Held == 0)
            {
                Schedule(TimeSpan.Zero);
            }
            else
            {
                ArmNoticeFlush(TimeSpan.Zero);
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Campaign {CampaignId}: no step after its sends were answered; the activation is going", Id);
        }
    }

    /// <summary>The send of a <c>sending</c> recipient: the one under way, or asked of its conversation (again) now.</summary>
    private Task<CampaignRecipient> Send(CampaignRecipient recipient, DateTimeOffset now) =>
        _sends.TryGetValue(recipient.Seq, out var started)
            ? started
            : _sends[recipient.Seq] = Run.SendAsync(Id, S.Owner!, S.Definition!.UseCaseId!, recipient, now);

    /// <summary>
    /// Records the journal's recipients other than <paramref name="inFlight"/>'s (the step's own, just started): awaits
    /// their sends, writes the outcomes to the journal (counts moved, auto-pause judged), saves them to the store, and keeps
    /// only <paramref name="inFlight"/>'s in the journal.
    /// </summary>
    private async Task FinishAsync(DateTimeOffset now, IReadOnlySet<long>? inFlight = null)
    {
        if (S.Journal.Count == 0)
        {
            return;
        }
        bool Earlier(CampaignRecipient r) => inFlight?.Contains(r.Seq) != true;
        var sending = S.Journal.Where(r => Earlier(r) && r.Status == RecipientStatus.Sending).ToList();
        Record((await Task.WhenAll(sending.Select(r => Send(r, now)))).ToDictionary(r => r.Seq));
        if (sending.Count > 0)
        {
            await state.WriteStateAsync();
        }
        await store.SaveRecipientsAsync(Id, S.Journal.Where(Earlier).ToList());
        S.Journal = S.Journal.Where(r => !Earlier(r)).ToList();
    }

    /// <summary>
    /// Records in the journal the sends already answered (in memory: the caller writes the state). The notice flush does
    /// this first, so that a final status that comes between two steps meets its recipient sent, not sending. False when
    /// none was.
    /// </summary>
    private bool RecordAnswered()
    {
        var answered = S.Journal
            .Where(r => r.Status == RecipientStatus.Sending && _sends.TryGetValue(r.Seq, out var send) && send.IsCompletedSuccessfully)
            .ToDictionary(r => r.Seq, r => _sends[r.Seq].Result);
        Record(answered);
        return answered.Count > 0;
    }

    /// <summary>Replaces each journal recipient of <paramref name="outcomes"/> with its send's outcome; the sends are done with.</summary>
    private void Record(IReadOnlyDictionary<long, CampaignRecipient> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        foreach (var seq in outcomes.Keys)
        {
            _sends.Remove(seq);
        }
        S.Journal = S.Journal.Select(r => outcomes.TryGetValue(r.Seq, out var sent) ? Recorded(r, sent) : r).ToList();
    }

    /// <summary>
    /// The journal's recipient with its send's outcome, counts moved and auto-pause judged. The journal's version is kept
    /// otherwise: a reply may have reached it while its send was in flight.
    /// </summary>
    private CampaignRecipient Recorded(CampaignRecipient journaled, CampaignRecipient sent)
    {
        S.Counts = S.Counts.Moved(RecipientStatus.Sending, sent.Status);
        if (sent.Status is RecipientStatus.Sent or RecipientStatus.Failed)
        {
            // Judged at every message: a step of several may carry the window past a share that exceeded the rate.
            S.Window.Sent(sent.Seq, sent.Status == RecipientStatus.Failed, S.Definition!.AutoPause.Window);
            AutoPause();
        }
        return journaled with { Status = sent.Status, ErrorCode = sent.ErrorCode, SentAt = sent.SentAt };
    }
}
