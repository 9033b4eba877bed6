using Microsoft.Extensions.Logging;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

// Usage rides on the write that records the message (no write of its own); its rules are OwedUsageBook's. Entries are
// handed to the tenant's usage grain only as storage has them, with an awaited call that returns once the usage grain
// has written them and that ignores a repeat: a silo lost on either side loses no count and counts none twice. Usage
// owed by an activation lost with its silo is handed over when the conversation next activates (a message, a read, its
// session reminder): late, not lost. (No reminder of its own: arming one per message would cost a reminder write on the
// hot path.)
internal sealed partial class ConversationGrain
{
    /// <summary>How long usage waits for the write that carries it (and for more usage to share the call).</summary>
    private static readonly TimeSpan UsageFlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>After a failed hand-over, the next try.</summary>
    private static readonly TimeSpan UsageRetryDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _usageTimer;
    private OwedUsageBook? _usage;

    private OwedUsageBook Usage => _usage ??= new OwedUsageBook(S);

    /// <summary>Counts a message for billing: owed in state, written with the message, handed over after the write.</summary>
    private void RecordUsage(UsageDelta delta, DateTimeOffset at)
    {
        Usage.Record(delta, at);
        ScheduleUsage(UsageFlushDelay);
    }

    /// <summary>Counts a campaign message's usage before its send (<see cref="OwedUsageBook.Prepay"/>).</summary>
    private void PrepayUsage(SmsMessage message)
    {
        Usage.Prepay(message);
        ScheduleUsage(UsageFlushDelay);
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
            if (Usage.Unwritten && !_stateSuspect)
            {
                await SaveStateAsync(); // a reply's usage: no inbound write has carried it within the delay
            }
            foreach (var owed in Usage.StartHandOver() ?? [])
            {
                await GrainFactory.Reference<IUsageGrain>(IUsageGrain.KeyFor(Owner, owed.Day)).ApplyAsync(new UsageEntry(Id, owed.Sequence, owed.Delta));
                Usage.HandedOver(owed);
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
