using Microsoft.Extensions.Logging;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

// Usage is owed in conversation state (ConversationState.OwedUsage), numbered per conversation, and reaches storage
// with the write that records the message (no write of its own). Entries are handed to the tenant's usage grain only
// as storage has them, with an awaited call that returns once the usage grain has written them and that ignores a
// repeat: a silo lost on either side loses no count and counts none twice. An entry is closed (no longer added to)
// once it may have been handed over (by this activation, or by an earlier one: every entry loaded from storage), so
// a repeat always carries exactly what was first sent; until then one open entry per day takes every message. Usage owed by an activation lost with its silo
// is handed over when the conversation next activates (a message, a read, its session reminder): late, not lost.
// (No reminder of its own: arming one per message would cost a reminder write on the hot path.)
internal sealed partial class ConversationGrain
{
    /// <summary>How long usage waits for the write that carries it (and for more usage to share the call).</summary>
    private static readonly TimeSpan UsageFlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>After a failed hand-over, the next try.</summary>
    private static readonly TimeSpan UsageRetryDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _usageTimer;

    /// <summary>Entries up to this sequence may have been handed over: they are closed (-1: not known yet in this activation).</summary>
    private long _usageClosedThrough = -1;

    /// <summary>Owed usage changed since the last state write.</summary>
    private bool _usageUnwritten;

    /// <summary>Counts a message for billing: owed in state, written with the message, handed over after the write.</summary>
    private void RecordUsage(UsageDelta delta, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        CloseLoadedUsage();
        if (S.OwedUsage.Count > 0 && S.OwedUsage[^1] is { } open && open.Sequence > _usageClosedThrough && open.Day == day)
        {
            S.OwedUsage[^1] = open with { Delta = open.Delta + delta };
        }
        else
        {
            S.OwedUsage.Add(new OwedUsage(++S.UsageSequence, day, delta));
        }
        _usageUnwritten = true;
        ScheduleUsage(UsageFlushDelay);
    }

    /// <summary>Storage now has every owed entry (called after each state write).</summary>
    private void UsageWritten() => _usageUnwritten = false;

    /// <summary>
    /// Counts a campaign message's usage before its send, so the write that records the message carries it too and the
    /// provider's answer needs no write of its own; <see cref="SettlePrepaid"/> takes it back if the send is not taken.
    /// </summary>
    private void PrepayUsage(SmsMessage message)
    {
        RecordUsage(new UsageDelta(0, 0, 1, message.Segments), message.Timestamp);
        S.PrepaidUsage.Add(message.MessageId);
        if (S.PrepaidUsage.Count > ConversationState.ChosenSendsCapacity)
        {
            S.PrepaidUsage.RemoveAt(0); // a send that never reached a final outcome here (it is counted as taken)
        }
    }

    /// <summary>
    /// At a send's final outcome: true when its usage was counted before the send (<see cref="PrepayUsage"/>); when it was
    /// and the provider did not take the message, the count is taken back (on the same day, as a later entry if the first
    /// one was handed over already).
    /// </summary>
    private bool SettlePrepaid(SmsMessage message, bool taken)
    {
        if (!S.PrepaidUsage.Remove(message.MessageId))
        {
            return false;
        }
        if (!taken)
        {
            RecordUsage(new UsageDelta(0, 0, -1, -message.Segments), message.Timestamp);
        }
        return true;
    }

    /// <summary>An earlier activation may have handed over any entry loaded from storage.</summary>
    private void CloseLoadedUsage()
    {
        if (_usageClosedThrough < 0)
        {
            _usageClosedThrough = S.UsageSequence;
        }
    }

    private void ScheduleUsage(TimeSpan due)
    {
        if (_usageTimer is not null || S.OwedUsage.Count == 0)
        {
            return;
        }
        _usageTimer = OneShotTimer(HandOverUsageAsync, due);
    }

    private async Task HandOverUsageAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _usageTimer;
        _usageTimer = null;
        var retry = false;
        try
        {
            CloseLoadedUsage();
            if (_usageUnwritten && !_stateSuspect)
            {
                await SaveStateAsync(); // a reply's usage: no inbound write has carried it within the delay
            }
            if (!_usageUnwritten)
            {
                _usageClosedThrough = S.UsageSequence; // handed over from here on: closed
                foreach (var owed in S.OwedUsage.ToList())
                {
                    await GrainFactory.Reference<IUsageGrain>(IUsageGrain.KeyFor(Owner, owed.Day))
                        .ApplyAsync(new UsageEntry(Id, owed.Sequence, owed.Delta));
                    S.OwedUsage.Remove(owed); // storage forgets it with the next write; until then a repeat is ignored
                }
            }
        }
        catch (Exception ex)
        {
            retry = true;
            logger.LogWarning(ex, "Handing usage of conversation {ConversationId} over failed; retried", Id);
        }
        finally
        {
            timer?.Dispose();
        }
        ScheduleUsage(retry ? UsageRetryDelay : UsageFlushDelay);
    }
}

/// <summary>Usage a conversation owes its tenant's day, numbered per conversation (see <see cref="IUsageGrain.ApplyAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("sms.OwedUsage")]
public sealed record class OwedUsage(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateOnly Day,
    [property: Id(2)] UsageDelta Delta);
