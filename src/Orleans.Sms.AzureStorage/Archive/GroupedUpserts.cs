using Azure;
using Azure.Data.Tables;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// Upserts of one table, grouped by partition (a group commit): an upsert that arrives while a request of its partition
/// is in flight waits for it and goes with the others that arrived meanwhile, in one entity-group transaction of up to
/// <see cref="TableLimits.TransactionRows"/> rows. An upsert that finds its partition idle is sent at once, alone, as before: a
/// quiet table pays nothing, a busy one (a campaign opening hundreds of conversations of one tenant) pays one request
/// per group instead of one per row. Each caller's task completes when its row is stored, so nothing reads as written
/// before it is.
/// </summary>
/// <remarks>
/// Two upserts of the same row in one group store the later one (each replaces the whole row, so the earlier would be
/// overwritten anyway) and complete both callers. A transaction is all or nothing: when it fails for any other reason
/// than a missing table (which <see cref="LazyTable"/> handles), its rows are sent again one by one, so that one bad
/// row fails only its own caller.
/// </remarks>
internal sealed class GroupedUpserts(LazyTable table)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Pending>> _waiting = new(StringComparer.Ordinal);

    /// <summary>The table the rows go to (for the owner's reads).</summary>
    public LazyTable Table => table;

    /// <summary>Stores <paramref name="entity"/> (replace or insert). <paramref name="cancellationToken"/> stops waiting only.</summary>
    public Task UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var pending = new Pending(entity);
        bool first;
        lock (_gate)
        {
            first = !_waiting.TryGetValue(entity.PartitionKey, out var queue);
            if (first)
            {
                queue = new Queue<Pending>();
                _waiting.Add(entity.PartitionKey, queue);
            }
            queue!.Enqueue(pending);
        }
        if (first)
        {
            // Off the caller's scheduler (a grain's): the loop serves every caller of the partition.
            _ = Task.Run(() => SendAllAsync(entity.PartitionKey), CancellationToken.None);
        }
        return cancellationToken.CanBeCanceled ? pending.Stored.Task.WaitAsync(cancellationToken) : pending.Stored.Task;
    }

    /// <summary>Sends the partition's waiting rows group by group until none is left, then lets the partition go idle.</summary>
    private async Task SendAllAsync(string partition)
    {
        while (TakeGroup(partition) is { } group)
        {
            await SendAsync(group).ConfigureAwait(false);
        }
    }

    /// <summary>The next group of the partition (at most <see cref="TableLimits.TransactionRows"/> distinct rows), or null when it is idle.</summary>
    private List<List<Pending>>? TakeGroup(string partition)
    {
        lock (_gate)
        {
            var queue = _waiting[partition];
            if (queue.Count == 0)
            {
                _waiting.Remove(partition);
                return null;
            }
            var rows = new Dictionary<string, List<Pending>>(StringComparer.Ordinal);
            var group = new List<List<Pending>>();
            while (queue.TryPeek(out var next))
            {
                if (rows.TryGetValue(next.Entity.RowKey, out var same))
                {
                    same.Add(queue.Dequeue());
                    continue;
                }
                if (group.Count == TableLimits.TransactionRows)
                {
                    break;
                }
                var row = new List<Pending> { queue.Dequeue() };
                rows.Add(next.Entity.RowKey, row);
                group.Add(row);
            }
            return group;
        }
    }

    private async Task SendAsync(List<List<Pending>> group)
    {
        try
        {
            if (group.Count == 1)
            {
                await UpsertOneAsync(group[0][^1].Entity).ConfigureAwait(false);
            }
            else
            {
                var actions = group.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row[^1].Entity)).ToList();
                await table.RunAsync(t => t.SubmitTransactionAsync(actions, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            }
            foreach (var row in group)
            {
                Complete(row, null);
            }
        }
        catch (Exception ex) when (group.Count > 1 && ex is RequestFailedException)
        {
            // All or nothing: find out row by row which of them storage refuses.
            await Task.WhenAll(group.Select(SendAloneAsync)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var row in group)
            {
                Complete(row, ex);
            }
        }
    }

    private async Task SendAloneAsync(List<Pending> row)
    {
        try
        {
            await UpsertOneAsync(row[^1].Entity).ConfigureAwait(false);
            Complete(row, null);
        }
        catch (Exception ex)
        {
            Complete(row, ex);
        }
    }

    private Task UpsertOneAsync(TableEntity entity) =>
        table.RunAsync(t => t.UpsertEntityAsync(entity, TableUpdateMode.Replace, CancellationToken.None), CancellationToken.None);

    private static void Complete(List<Pending> row, Exception? error)
    {
        foreach (var pending in row)
        {
            if (error is null)
            {
                pending.Stored.TrySetResult();
            }
            else
            {
                pending.Stored.TrySetException(error);
            }
        }
    }

    private sealed record Pending(TableEntity Entity)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
