using Microsoft.Extensions.Logging;
using Orleans.Sms.Archive;
using Orleans.Sms.Telemetry;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Write-behind to the archive. A message is durable once grain state has it (that write is what the webhook's
/// acknowledgement waits for); the archive gets the conversation's messages in batches, one transaction for many: when a
/// batch is full, when a session ends and when the grain deactivates. Reads merge the two (the grain's GetAsync), and a
/// crash before a batch is written loses nothing: state still lists the messages owed, and the next batch writes them.
/// </summary>
internal sealed class ArchiveBehind(IConversationHost host, IMessageArchive archive, SmsMetrics metrics, ILogger logger)
{
    /// <summary>Messages owed to the archive that make a batch (well inside the recent window, which keeps them until written).</summary>
    internal const int Batch = 16;

    private IGrainTimer? _timer;

    private ConversationState S => host.State;

    /// <summary>Writes a full batch (or, <paramref name="now"/>, whatever is owed) after the current call, on a turn of its own.</summary>
    public void Schedule(bool now = false)
    {
        if (_timer is not null || S.Unarchived.Count == 0 || (!now && S.Unarchived.Count < Batch))
        {
            return;
        }
        _timer = host.OneShotTimer(ArchiveOnTimerAsync, TimeSpan.Zero, keepAlive: false);
    }

    /// <summary>
    /// Writes every message owed to the archive, as storage has them (provider answers not yet written are written
    /// first). No state write follows: until the next one, state still lists them as owed, and archiving those same
    /// versions again is harmless (same rows).
    /// </summary>
    public async Task WriteOwedAsync()
    {
        if (host.StateSuspect || S.Unarchived.Count == 0)
        {
            return;
        }
        if (host.AnswersUnwritten)
        {
            // The archive never gets a version storage lacks: the next activation would archive storage's older one over it.
            await host.SaveStateAsync();
        }
        var owed = S.OwedToArchive();
        await archive.AppendManyAsync(host.Id, owed);
        S.Archived(owed);
        metrics.Archived(owed.Count);
    }

    /// <summary>
    /// Before a call records more messages: when a whole recent window is owed, the archive has been failing, and it
    /// must take them now (or the call fails) so that state stays bounded.
    /// </summary>
    public async Task CatchUpAsync()
    {
        if (S.Unarchived.Count >= ConversationState.RecentCapacity)
        {
            await WriteOwedAsync();
        }
    }

    /// <summary>On deactivation: what is owed, never failing the deactivation (state still lists it).</summary>
    public async Task WriteOnDeactivationAsync()
    {
        try
        {
            // Not after a failed call: what this activation holds may not be stored. Provider answers are written first.
            await WriteOwedAsync();
        }
        catch (Exception ex)
        {
            metrics.ArchiveFailed();
            logger.LogWarning(ex, "Archiving conversation {ConversationId} on deactivation failed; its state still lists the messages", host.Id);
        }
    }

    private async Task ArchiveOnTimerAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _timer;
        _timer = null;
        try
        {
            await WriteOwedAsync();
        }
        catch (Exception ex)
        {
            // Still owed (state lists them): the next batch, session end or deactivation writes them.
            metrics.ArchiveFailed();
            logger.LogWarning(ex, "Archiving the messages of conversation {ConversationId} failed; retried with the next batch", host.Id);
        }
        finally
        {
            timer?.Dispose();
        }
    }
}
