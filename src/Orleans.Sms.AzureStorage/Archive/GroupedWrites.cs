using Azure;
using Azure.Data.Tables;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// Writes of one table, grouped by partition (a group commit): a write that arrives while a request of its partition
/// is in flight waits for it and goes with the others that arrived meanwhile, in one entity-group transaction of up to
/// <see cref="TableLimits.TransactionRows"/> rows. A write that finds its partition idle is sent at once, alone: a quiet
/// table pays nothing, a busy one (a campaign opening hundreds of conversations of one tenant) pays one request per
/// group instead of one per row. Each caller's task completes when its row is stored, with the row's new ETag, so
/// nothing reads as written before it is.
/// </summary>
/// <remarks>
/// Two upserts of the same row in one group store the later one (each replaces the whole row, so the earlier would be
/// overwritten anyway) and complete both callers. Any other write of a row already in the group (an insert, a
/// replace or delete on an ETag) ends the group, so conditional writes of one row are judged one after the other.
/// A transaction is all or nothing: when it fails for any other reason than a missing table (which
/// <see cref="LazyTable"/> handles), its rows are sent again one by one, so that one refused row (a stale ETag, a
/// row too large) fails only its own caller.
/// </remarks>
internal sealed class GroupedWrites(LazyTable table)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Pending>> _waiting = new(StringComparer.Ordinal);

    /// <summary>The table the rows go to (for the owner's reads).</summary>
    public LazyTable Table => table;

    /// <summary>Stores <paramref name="entity"/> (replace or insert). <paramref name="cancellationToken"/> stops waiting only.</summary>
    public Task UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity), cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> (an add, an upsert, an update or delete on its ETag) with the partition's group;
    /// the row's new ETag (<c>default</c> after a delete). <paramref name="cancellationToken"/> stops waiting only.
    /// </summary>
    public Task<ETag> WriteAsync(TableTransactionAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var pending = new Pending(action);
        var partition = action.Entity.PartitionKey;
        bool first;
        lock (_gate)
        {
            first = !_waiting.TryGetValue(partition, out var queue);
            if (first)
            {
                queue = new Queue<Pending>();
                _waiting.Add(partition, queue);
            }
            queue!.Enqueue(pending);
        }
        if (first)
        {
            // Off the caller's scheduler (a grain's): the loop serves every caller of the partition.
            _ = Task.Run(() => SendAllAsync(partition), CancellationToken.None);
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
                if (rows.TryGetValue(next.Action.Entity.RowKey, out var same))
                {
                    if (!(IsUpsert(next) && IsUpsert(same[^1])))
                    {
                        break;
                    }
                    same.Add(queue.Dequeue());
                    continue;
                }
                if (group.Count == TableLimits.TransactionRows)
                {
                    break;
                }
                var row = new List<Pending> { queue.Dequeue() };
                rows.Add(next.Action.Entity.RowKey, row);
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
                Complete(group[0], await SendOneAsync(group[0][^1].Action).ConfigureAwait(false), null);
                return;
            }
            var actions = group.Select(row => row[^1].Action).ToList();
            var answers = await table.RunAsync(t => t.SubmitTransactionAsync(actions, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < group.Count; i++)
            {
                Complete(group[i], answers.Value[i].Headers.ETag ?? default, null);
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
                Complete(row, default, ex);
            }
        }
    }

    private async Task SendAloneAsync(List<Pending> row)
    {
        try
        {
            Complete(row, await SendOneAsync(row[^1].Action).ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            Complete(row, default, ex);
        }
    }

    private Task<ETag> SendOneAsync(TableTransactionAction action) =>
        table.RunAsync(async t =>
        {
            var entity = action.Entity;
            var answer = action.ActionType switch
            {
                TableTransactionActionType.Add => await t.AddEntityAsync(entity, CancellationToken.None).ConfigureAwait(false),
                TableTransactionActionType.UpsertReplace => await t.UpsertEntityAsync(entity, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false),
                TableTransactionActionType.UpsertMerge => await t.UpsertEntityAsync(entity, TableUpdateMode.Merge, CancellationToken.None).ConfigureAwait(false),
                TableTransactionActionType.UpdateReplace => await t.UpdateEntityAsync(entity, action.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false),
                TableTransactionActionType.UpdateMerge => await t.UpdateEntityAsync(entity, action.ETag, TableUpdateMode.Merge, CancellationToken.None).ConfigureAwait(false),
                TableTransactionActionType.Delete => await t.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, action.ETag, CancellationToken.None).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Not a table write."),
            };
            return action.ActionType == TableTransactionActionType.Delete ? default : answer.Headers.ETag ?? default;
        }, CancellationToken.None);

    private static bool IsUpsert(Pending pending) => pending.Action.ActionType == TableTransactionActionType.UpsertReplace;

    private static void Complete(List<Pending> row, ETag etag, Exception? error)
    {
        foreach (var pending in row)
        {
            if (error is null)
            {
                pending.Stored.TrySetResult(etag);
            }
            else
            {
                pending.Stored.TrySetException(error);
            }
        }
    }

    private sealed record Pending(TableTransactionAction Action)
    {
        public TaskCompletionSource<ETag> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
