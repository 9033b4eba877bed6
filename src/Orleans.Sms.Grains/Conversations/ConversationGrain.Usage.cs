using Microsoft.Extensions.Logging;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

// Usage is owed in conversation state (ConversationState.OwedUsage), numbered per conversation, and reaches storage
// with the write that records the message (no write of its own). Only entries storage has are handed to the tenant's
// usage grain, with an awaited call that returns once the usage grain has written them and that ignores a repeat:
// a silo lost on either side loses no count and counts none twice. An entry is closed (no longer added to) once
// written, so a repeat always carries exactly what was first sent. Usage owed by an activation lost with its silo
// is handed over when the conversation next activates (a message, a read, its session reminder): late, not lost.
// (No reminder of its own: arming one per message would cost a reminder write on the hot path.)
internal sealed partial class ConversationGrain
{
    /// <summary>How long usage waits for the write that carries it (and for more usage to share the call).</summary>
    private static readonly TimeSpan UsageFlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>After a failed hand-over, the next try.</summary>
    private static readonly TimeSpan UsageRetryDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _usageTimer;

    /// <summary>The highest usage sequence storage has (entries up to it are closed and may be handed over).</summary>
    private long _usageWrittenThrough = -1;

    /// <summary>Counts a message for billing: owed in state, written with the message, handed over after the write.</summary>
    private void RecordUsage(UsageDelta delta, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if (_usageWrittenThrough < 0)
        {
            _usageWrittenThrough = S.UsageSequence; // first use in this activation: what was loaded is in storage
        }
        if (S.OwedUsage.Count > 0 && S.OwedUsage[^1] is { } open && open.Sequence > _usageWrittenThrough && open.Day == day)
        {
            S.OwedUsage[^1] = open with { Delta = open.Delta + delta };
        }
        else
        {
            S.OwedUsage.Add(new OwedUsage(++S.UsageSequence, day, delta));
        }
        ScheduleUsage(UsageFlushDelay);
    }

    /// <summary>Storage now has every owed entry (called after each state write).</summary>
    private void UsageWritten() => _usageWrittenThrough = S.UsageSequence;

    private void ScheduleUsage(TimeSpan due)
    {
        if (_usageTimer is not null || S.OwedUsage.Count == 0)
        {
            return;
        }
        _usageTimer = this.RegisterGrainTimer(
            HandOverUsageAsync,
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task HandOverUsageAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _usageTimer;
        _usageTimer = null;
        var retry = false;
        try
        {
            if (_usageWrittenThrough < 0)
            {
                _usageWrittenThrough = S.UsageSequence;
            }
            if (!_stateSuspect && S.OwedUsage.Exists(u => u.Sequence > _usageWrittenThrough))
            {
                await SaveStateAsync(); // a reply's usage: no inbound write has carried it within the delay
            }
            foreach (var owed in S.OwedUsage.Where(u => u.Sequence <= _usageWrittenThrough).ToList())
            {
                await GrainFactory.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(S.TenantId!, owed.Day))
                    .ApplyAsync(new UsageEntry(Id, owed.Sequence, owed.Delta));
                S.OwedUsage.Remove(owed); // storage forgets it with the next write; until then a repeat is ignored
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
