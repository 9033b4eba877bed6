using Microsoft.Extensions.Logging;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

/// <summary>
/// A conversation's usage on its way to the tenant's usage grain. Usage rides on the write that records the message (no
/// write of its own); its rules are <see cref="OwedUsageBook"/>'s. Entries are handed over only as storage has them, with
/// an awaited call that returns once the usage grain has written them and that ignores a repeat: a silo lost on either side
/// loses no count and counts none twice. Usage owed by an activation lost with its silo is handed over when the
/// conversation next activates (a message, a read, its session reminder): late, not lost. (No reminder of its own: arming
/// one per message would cost a reminder write on the hot path.)
/// </summary>
internal sealed class UsageHandOver(IConversationHost host, IGrainFactory grains, ILogger logger)
{
    /// <summary>How long usage waits for the write that carries it (and for more usage to share the call).</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>After a failed hand-over, the next try.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _timer;
    private OwedUsageBook? _book;

    public OwedUsageBook Book => _book ??= new OwedUsageBook(host.State);

    /// <summary>Counts a message for billing: owed in state, written with the message, handed over after the write.</summary>
    public void Record(UsageDelta delta, DateTimeOffset at)
    {
        Book.Record(delta, at);
        Schedule();
    }

    /// <summary>Counts a campaign message's usage before its send (<see cref="OwedUsageBook.Prepay"/>).</summary>
    public void Prepay(SmsMessage message)
    {
        Book.Prepay(message);
        Schedule();
    }

    /// <summary>Hands owed usage over after <paramref name="due"/> (by default after the write that carries it).</summary>
    public void Schedule(TimeSpan? due = null)
    {
        if (_timer is not null || host.State.OwedUsage.Count == 0)
        {
            return;
        }
        _timer = host.OneShotTimer(HandOverAsync, due ?? FlushDelay);
    }

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _timer;
        _timer = null;
        var retry = false;
        try
        {
            if (Book.Unwritten && !host.StateSuspect)
            {
                await host.SaveStateAsync(); // a reply's usage: no inbound write has carried it within the delay
            }
            foreach (var owed in Book.StartHandOver() ?? [])
            {
                await grains.Reference<IUsageGrain>(IUsageGrain.KeyFor(host.Owner, owed.Day)).ApplyAsync(new UsageEntry(host.Id, owed.Sequence, owed.Delta));
                Book.HandedOver(owed);
            }
        }
        catch (Exception ex)
        {
            retry = true;
            logger.LogWarning(ex, "Handing usage of conversation {ConversationId} over failed; retried", host.Id);
        }
        finally
        {
            timer?.Dispose();
        }
        Schedule(retry ? RetryDelay : FlushDelay);
    }
}

/// <summary>Usage a conversation owes its tenant's day, numbered per conversation (see <see cref="IUsageGrain.ApplyAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("sms.OwedUsage")]
public sealed record class OwedUsage(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateOnly Day,
    [property: Id(2)] UsageDelta Delta);
