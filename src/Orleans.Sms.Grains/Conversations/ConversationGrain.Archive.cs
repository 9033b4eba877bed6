using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Conversations;

// Write-behind to the archive. A message is durable once grain state has it (that write is what the webhook's
// acknowledgement waits for); the archive gets the conversation's messages in batches, one transaction for many:
// when a batch is full, when a session ends and when the grain deactivates. Reads merge the two (GetAsync), and a
// crash before a batch is written loses nothing: state still lists the messages owed, and the next batch writes them.
internal sealed partial class ConversationGrain : IIncomingGrainCallFilter
{
    /// <summary>Messages owed to the archive that make a batch (well inside the recent window, which keeps them until written).</summary>
    internal const int ArchiveBatch = 16;

    private IGrainTimer? _archiveTimer;

    /// <summary>Set when a call failed after changing state: this activation's state may differ from storage's.</summary>
    private bool _stateSuspect;

    /// <summary>Provider answers recorded after the last state write (a send writes state before the provider sees it).</summary>
    private bool _answersUnwritten;

    /// <summary>
    /// A call that fails may have changed state that was never written (or written without the grain learning it):
    /// the activation goes away, so the next call (the carrier's retry) starts again from what storage has.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.InterfaceMethod?.IsDefined(typeof(ReadOnlyAttribute), inherit: true) != true)
        {
            Drop(ex); // a read that fails changed nothing: the activation (and a turn in flight) stays
            throw;
        }
    }

    /// <summary>Writes a full batch after the current call, on a turn of its own, so that it never holds up an answer.</summary>
    private void ScheduleArchive(bool now = false)
    {
        if (_archiveTimer is not null || S.Unarchived.Count == 0 || (!now && S.Unarchived.Count < ArchiveBatch))
        {
            return;
        }
        _archiveTimer = OneShotTimer(ArchiveOnTimerAsync, TimeSpan.Zero, keepAlive: false);
    }

    private async Task ArchiveOnTimerAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _archiveTimer;
        _archiveTimer = null;
        try
        {
            await ArchiveOwedAsync();
        }
        catch (Exception ex)
        {
            // Still owed (state lists them): the next batch, session end or deactivation writes them.
            metrics.ArchiveFailed();
            logger.LogWarning(ex, "Archiving the messages of conversation {ConversationId} failed; retried with the next batch", Id);
        }
        finally
        {
            timer?.Dispose();
        }
    }

    /// <summary>
    /// Writes every message owed to the archive, as storage has them (provider answers not yet written are written
    /// first). No state write follows: until the next one, state still lists them as owed, and archiving those same
    /// versions again is harmless (same rows).
    /// </summary>
    private async Task ArchiveOwedAsync()
    {
        if (_stateSuspect || S.Unarchived.Count == 0)
        {
            return;
        }
        if (_answersUnwritten)
        {
            // The archive never gets a version storage lacks: the next activation would archive storage's older one over it.
            await SaveStateAsync();
        }
        var owed = S.OwedToArchive();
        await archive.AppendManyAsync(Id, owed);
        S.Archived(owed);
        metrics.Archived(owed.Count);
    }

    /// <summary>
    /// Before a call records more messages: when a whole recent window is owed, the archive has been failing, and it
    /// must take them now (or the call fails) so that state stays bounded.
    /// </summary>
    private async Task CatchUpArchiveAsync()
    {
        if (S.Unarchived.Count >= ConversationState.RecentCapacity)
        {
            await ArchiveOwedAsync();
        }
    }

    private void Drop(Exception ex)
    {
        if (!_stateSuspect)
        {
            logger.LogWarning(ex, "Conversation {ConversationId} failed a call; reloading its state from storage", Id);
        }
        _stateSuspect = true;
        DeactivateOnIdle();
    }
}
