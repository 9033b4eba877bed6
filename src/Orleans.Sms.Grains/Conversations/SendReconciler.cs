using Microsoft.Extensions.Logging;
using Orleans.Sms.Events;
using Orleans.Sms.Telemetry;

namespace Orleans.Sms.Conversations;

/// <summary>
/// What came of a conversation's provider calls, and the steps owed after them (docs/api.md: Boundaries): a send whose
/// outcome is unknown is looked up at the provider before it is sent again; one the provider did not take is sent again
/// with backoff; a queued one (docs/api.md: Campaigns pacing) is sent at its time. The steps run on a grain timer, one short
/// provider call each, so the grain never waits out a backoff; what is owed is in state (<see cref="ConversationState.Unsettled"/>)
/// and the session reminder comes back for it if this silo is lost. A message recorded before a send whose activation
/// died before the answer was written (outbound, no provider id, not failed) is owed a lookup too (found on activation).
/// The rules are <see cref="SendReconciliation"/>'s and <see cref="ConversationModel.Settle"/>'s; this runs them.
/// </summary>
internal sealed class SendReconciler(
    IConversationHost host, ProviderCalls provider, SenderPace pace, UsageHandOver usage, SessionReminder reminder,
    ArchiveBehind archive, TimeProvider clock, SmsMetrics metrics, ILogger logger)
{
    /// <summary>
    /// Lookups search from this long before the first attempt: a message's recorded time may run a little ahead of
    /// the clock that stamped it at the provider (two messages in one clock tick are recorded a tick apart).
    /// </summary>
    private static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Added to every wait of the reconciliation timer: a grain timer may fire a millisecond or so early, and a queued
    /// send must never go before its time on the number.
    /// </summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    private IGrainTimer? _timer;
    private DateTimeOffset? _dueAt;

    private ConversationState S => host.State;

    /// <summary>
    /// Records what came of a provider call on the message (<see cref="ConversationModel.Settle"/>: in state, written
    /// with the next write) and arms what is owed next.
    /// </summary>
    public SmsMessage Settle(SmsMessage message, UnsettledSend done, ProviderAnswer answer)
    {
        var settled = host.Model.Settle(message, done, answer.Outcome, answer.Receipt, answer.ErrorCode, clock.GetUtcNow());
        host.AnswersUnwritten = true;
        if (settled.Owed is not null)
        {
            Schedule();
        }
        usage.Schedule();
        if (settled.Decision.Action == SendAction.Settle)
        {
            metrics.Outbound();
        }
        else if (settled.Decision.Action == SendAction.Fail)
        {
            metrics.ProviderError();
            logger.LogWarning("Message {MessageId} of conversation {ConversationId} failed: {Code}", message.MessageId, host.Id, settled.Decision.ErrorCode);
        }
        return settled.Message;
    }

    /// <summary>Arms the timer for the earliest owed step (earlier than the one armed, or none armed).</summary>
    public void Schedule()
    {
        if (S.Unsettled.Count == 0)
        {
            return;
        }
        var dueAt = S.Unsettled.Min(u => u.DueAt);
        if (_timer is not null && _dueAt <= dueAt)
        {
            return;
        }
        _timer?.Dispose();
        _dueAt = dueAt;
        _timer = host.OneShotTimer(ReconcileOnTimerAsync, dueAt - clock.GetUtcNow() + TimerSlack);
    }

    /// <summary>On activation: sends recorded by an activation that died before the provider's answer was written.</summary>
    public void AdoptSendsInDoubt()
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
        Schedule();
    }

    private async Task ReconcileOnTimerAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _timer;
        var armedFor = _dueAt;
        (_timer, _dueAt) = (null, null);
        try
        {
            if (host.StateSuspect)
            {
                return; // the activation is going: the next one starts from storage, which still owes these steps
            }
            await ReconcileDueAsync(armedFor);
        }
        catch (Exception ex)
        {
            host.Drop(ex); // as a failed call: what the step changed may not be stored; the reminder brings the grain back
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
                usage.Book.KeepPrepaid(owed.MessageId); // the provider had it: its usage stands
                continue;
            }
            if (owed.Next == SendAction.Send && await pace.SlotForRepeatAsync(owed, message) is { } waiting)
            {
                S.Unsettled[S.Unsettled.IndexOf(owed)] = waiting; // a repeat takes its time on the number like any send
                continue;
            }
            var done = SendReconciliation.Took(owed, owed.Next);
            if (owed.Next == SendAction.Send)
            {
                // The repeat is written before it is made: a crash from here on leaves a lookup owed, not a blind resend.
                S.Unsettled[S.Unsettled.IndexOf(owed)] = SendReconciliation.BeforeRepeat(owed, now);
                await host.WriteAsync();
            }
            var answer = owed.Next == SendAction.LookUp
                ? await provider.FindAsync(S, host.Id, message, owed.FirstAttemptAt - LookupMargin)
                : await provider.SendAsync(S, host.Id, message);
            logger.LogInformation("Send reconciliation of message {MessageId} of conversation {ConversationId}: {Step} → {Outcome}",
                message.MessageId, host.Id, owed.Next, answer.Outcome);
            Settle(message, done, answer);
        }
        foreach (var message in released)
        {
            var sent = Settle(message, SendReconciliation.FirstSend(message.MessageId, now), await provider.SendAsync(S, host.Id, message));
            await host.PublishAsync(ConversationEvent.MessageAdded(S.TenantId!, host.Id, sent));
        }
        await reminder.ArmAsync(now);
        await host.SaveStateAsync();
        Schedule();
        archive.Schedule();
    }

    /// <summary>
    /// Queued messages whose time has come, made ready for their first send: recorded as handed to the provider
    /// (<c>accepted</c>, no provider id) and written before it sees them, so a crash from here on makes them sends in
    /// doubt, looked up before anything is sent again, never sent twice.
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
            await host.WriteAsync();
        }
        return released;
    }
}
