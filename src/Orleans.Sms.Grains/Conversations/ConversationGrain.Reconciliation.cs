using Microsoft.Extensions.Logging;
using Orleans.Sms.Events;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Conversations;

// docs/api.md: Boundaries: a send whose outcome is unknown is looked up at the provider before it is sent again; one the provider
// did not take is sent again with backoff. The steps run on a grain timer, one short provider call each (bounded by
// ProviderTimeout), so the grain never waits out a backoff; what is owed is in state (ConversationState.Unsettled)
// and the session reminder comes back for it if this silo is lost. A message recorded before a send whose activation
// died before the answer was written (outbound, no provider id, not failed) is owed a lookup too (found on activation).
internal sealed partial class ConversationGrain
{
    /// <summary>
    /// Lookups search from this long before the first attempt: a message's recorded time may run a little ahead of
    /// the clock that stamped it at the provider (two messages in one clock tick are recorded a tick apart).
    /// </summary>
    private static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Added to every wait of the reconciliation timer: a grain timer may fire a millisecond or so early, and a queued
    /// send (docs/api.md: Campaigns pacing) must never go before its time on the number.
    /// </summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    private IGrainTimer? _reconcileTimer;
    private DateTimeOffset? _reconcileDueAt;

    /// <summary>Arms the timer for the earliest owed step (earlier than the one armed, or none armed).</summary>
    private void ScheduleReconciliation()
    {
        if (S.Unsettled.Count == 0)
        {
            return;
        }
        var dueAt = S.Unsettled.Min(u => u.DueAt);
        if (_reconcileTimer is not null && _reconcileDueAt <= dueAt)
        {
            return;
        }
        _reconcileTimer?.Dispose();
        var due = dueAt - clock.GetUtcNow() + TimerSlack;
        _reconcileDueAt = dueAt;
        _reconcileTimer = OneShotTimer(ReconcileOnTimerAsync, due);
    }

    /// <summary>On activation: sends recorded by an activation that died before the provider's answer was written.</summary>
    private void AdoptSendsInDoubt()
    {
        var now = clock.GetUtcNow();
        foreach (var message in S.Recent)
        {
            if (message is { Direction: MessageDirection.Outbound, ProviderMessageSid: null, DeliveryStatus: DeliveryStatus.Accepted, ErrorCode: null }
                && !S.Unsettled.Exists(u => u.MessageId == message.MessageId))
            {
                S.Unsettled.Add(new UnsettledSend(message.MessageId, message.Timestamp, 1, 0, SendAction.LookUp, now));
            }
        }
        ScheduleReconciliation();
    }

    private async Task ReconcileOnTimerAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _reconcileTimer;
        var armedFor = _reconcileDueAt;
        (_reconcileTimer, _reconcileDueAt) = (null, null);
        try
        {
            await ReconcileDueAsync(armedFor);
        }
        catch (Exception ex)
        {
            Drop(ex); // as a failed call: what the step changed may not be stored; the reminder brings the grain back
        }
        finally
        {
            timer?.Dispose();
        }
    }

    /// <summary>
    /// Runs every owed step that is due (by the clock, or by the timer that waited for <paramref name="armedFor"/>: the
    /// timer's wait is real time, the engine's clock may be another), then writes what came of them.
    /// </summary>
    private async Task ReconcileDueAsync(DateTimeOffset? armedFor)
    {
        var now = clock.GetUtcNow();
        var due = armedFor > now ? armedFor.Value : now;
        var released = await ReleaseQueuedAsync(due);
        foreach (var owed in S.Unsettled.Where(u => u.DueAt <= due).ToList())
        {
            var message = S.Recent.Find(m => m.MessageId == owed.MessageId);
            if (message is null || message.ProviderMessageSid is not null || message.DeliveryStatus == DeliveryStatus.Failed)
            {
                S.Unsettled.Remove(owed); // settled meanwhile (a status callback brought its id) or no longer ours to settle
                Usage.KeepPrepaid(owed.MessageId); // the provider had it: its usage stands
                continue;
            }
            if (owed.Next == SendAction.Send && await SlotForRepeatAsync(owed, message) is { } waiting)
            {
                S.Unsettled[S.Unsettled.IndexOf(owed)] = waiting; // a repeat takes its time on the number like any send
                continue;
            }
            var done = SendReconciliation.Took(owed, owed.Next);
            if (owed.Next == SendAction.Send)
            {
                // The repeat is written before it is made: a crash from here on leaves a lookup owed, not a blind resend.
                S.Unsettled[S.Unsettled.IndexOf(owed)] = SendReconciliation.BeforeRepeat(owed, now);
                await WriteAsync();
            }
            var (outcome, receipt, code) = owed.Next == SendAction.LookUp
                ? await TryFindAsync(message, owed.FirstAttemptAt - LookupMargin)
                : await TrySendAsync(message);
            logger.LogInformation("Send reconciliation of message {MessageId} of conversation {ConversationId}: {Step} → {Outcome}",
                message.MessageId, Id, owed.Next, outcome);
            Settle(message, done, outcome, receipt, code);
        }
        foreach (var message in released)
        {
            var (outcome, receipt, code) = await TrySendAsync(message);
            var sent = Settle(message, SendReconciliation.FirstSend(message.MessageId, now), outcome, receipt, code);
            await PublishAsync(ConversationEvent.MessageAdded(S.TenantId!, Id, sent));
        }
        await ArmReminderAsync(now);
        await SaveStateAsync();
        ScheduleReconciliation();
        ScheduleArchive();
    }

    /// <summary>
    /// Queued messages (docs/api.md: Campaigns pacing) whose time has come, made ready for their first send: recorded as handed to the
    /// provider (<c>accepted</c>, no provider id) and written before it sees them, so a crash from here on makes them sends
    /// in doubt, looked up before anything is sent again, never sent twice.
    /// </summary>
    private async Task<List<SmsMessage>> ReleaseQueuedAsync(DateTimeOffset due)
    {
        var released = new List<SmsMessage>();
        foreach (var owed in S.Unsettled.Where(u => u.Paced && u.DueAt <= due).OrderBy(u => u.DueAt).ToList())
        {
            S.Unsettled.Remove(owed);
            if (S.Recent.Find(m => m.MessageId == owed.MessageId) is { DeliveryStatus: DeliveryStatus.Queued, ProviderMessageSid: null } queued)
            {
                var ready = queued with { DeliveryStatus = DeliveryStatus.Accepted };
                S.AddRecent(ready);
                released.Add(ready);
            }
        }
        if (released.Count > 0)
        {
            await WriteAsync();
        }
        return released;
    }

    /// <summary>Looks a message up at the provider: found (its id and status), absent, or the lookup failed.</summary>
    private async Task<(SendOutcome Outcome, SendReceipt? Receipt, string? ErrorCode)> TryFindAsync(SmsMessage message, DateTimeOffset since)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ProviderTimeout);
            var found = await sender.FindAsync(Outbound(message), since, timeout.Token);
            // Another message of this conversation with the same text may have been sent since: never take its id.
            var known = S.Recent.Where(m => m.ProviderMessageSid is not null).Select(m => m.ProviderMessageSid).ToHashSet();
            return found.FirstOrDefault(r => !known.Contains(r.ProviderMessageSid)) is { } receipt
                ? (SendOutcome.Found, receipt, null)
                : (SendOutcome.Absent, null, null);
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            logger.LogWarning("Lookup of message {MessageId} of conversation {ConversationId} at the provider failed: {Error}", message.MessageId, Id, ex.Message);
            return (SendOutcome.LookupFailed, null, null);
        }
    }
}
