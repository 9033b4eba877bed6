using Azure;
using Azure.Data.Tables;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// Unrouted messages in their table (<see cref="UnroutedEntity"/> describes the rows), kept as <see cref="UnroutedRetention"/>
/// says. A keep is one entity-group transaction (index row, message row, counter with its ETag): a retry conflicts on the
/// index row and is found without a scan; two keeps racing for one sequence number conflict on the counter and the loser
/// tries again. After a keep, the oldest few messages of the number are checked, and those past the count or the age are
/// deleted, so a number holds about <see cref="UnroutedRetention.MaxPerNumber"/> rows however much is sent to it. Reads
/// never show a message past either limit (a number that receives nothing more keeps its expired rows, unseen, until its
/// next message).
/// </summary>
internal sealed class TableUnroutedStore(LazyTable table, TimeProvider clock, UnroutedRetention retention)
{
    // Keeps racing on one number's counter: each loser reads it again after a short random pause, so they spread out.
    private const int MaxAttempts = 20;

    // The oldest rows looked at after each keep: more than one keep adds, so expired rows drain faster than they come.
    private const int PruneBatch = 20;

    public Task KeepAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        table.RunAsync(client => KeepAsync(client, message, receivedAt, cancellationToken), cancellationToken);

    private async Task KeepAsync(TableClient client, InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(message.To);
        for (var attempt = 1; ; attempt++)
        {
            var counter = await client.GetEntityIfExistsAsync<TableEntity>(partition, UnroutedEntity.Counter, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var sequence = counter.HasValue ? counter.Value!.GetInt64(UnroutedEntity.Next) ?? 0 : 0;
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, UnroutedEntity.ToIndex(partition, sequence, message.ProviderMessageId)),
                new(TableTransactionActionType.Add, UnroutedEntity.ToEntity(partition, sequence, message, receivedAt)),
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, UnroutedEntity.ToCounter(partition, sequence + 1), counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, UnroutedEntity.ToCounter(partition, sequence + 1)),
            ];
            try
            {
                await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                await PruneAsync(client, partition, sequence + 1, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                var kept = await client.GetEntityIfExistsAsync<TableEntity>(
                    partition, UnroutedEntity.IndexRow(message.ProviderMessageId), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (kept.HasValue)
                {
                    return; // a retry of a message kept already
                }
                if (attempt == MaxAttempts)
                {
                    throw; // the counter kept moving: the caller's retry (the provider's) comes back later
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The kept messages of one number, oldest first.</summary>
    public Task<IReadOnlyList<InboundSms>> ReadAsync(string to, CancellationToken cancellationToken) =>
        table.RunAsync(client => ReadAsync(client, to, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<InboundSms>> ReadAsync(TableClient client, string to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var kept = new List<InboundSms>();
        await foreach (var row in Messages(client, TableKeys.Escape(to), maxPerPage: 1000, cancellationToken).ConfigureAwait(false))
        {
            if (!retention.IsExpired(row.GetDateTimeOffset(UnroutedEntity.ReceivedAt) ?? default, now))
            {
                kept.Add(UnroutedEntity.FromEntity(row));
            }
        }
        return kept.Count > retention.MaxPerNumber ? kept.GetRange(kept.Count - retention.MaxPerNumber, retention.MaxPerNumber) : kept;
    }

    /// <summary>Deletes the oldest messages that are past the count (sequence below <paramref name="next"/> − max) or the age.</summary>
    private async Task PruneAsync(TableClient client, string partition, long next, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var oldest = new List<TableEntity>(PruneBatch);
        await foreach (var row in Messages(client, partition, PruneBatch, cancellationToken).ConfigureAwait(false))
        {
            oldest.Add(row);
            if (oldest.Count == PruneBatch)
            {
                break;
            }
        }
        foreach (var row in oldest)
        {
            var surplus = UnroutedEntity.SequenceOf(row) < next - retention.MaxPerNumber;
            if (!surplus && !retention.IsExpired(row.GetDateTimeOffset(UnroutedEntity.ReceivedAt) ?? default, now))
            {
                break; // in arrival order: what follows is newer
            }
            await DeleteAsync(client, partition, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            await DeleteIndexAsync(client, partition, row, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The provider-id index row of a pruned message, unless it names a newer copy: once the old copy was deleted, the
    /// same id may have been kept again, and its index must stay (else a third keep would store a second copy).
    /// </summary>
    private static async Task DeleteIndexAsync(TableClient client, string partition, TableEntity pruned, CancellationToken cancellationToken)
    {
        var indexRow = UnroutedEntity.IndexRow(pruned.Required(nameof(InboundSms.ProviderMessageId)));
        var index = await client.GetEntityIfExistsAsync<TableEntity>(partition, indexRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (index.HasValue && UnroutedEntity.SequenceOf(index.Value!) == UnroutedEntity.SequenceOf(pruned))
        {
            await DeleteAsync(client, partition, indexRow, index.Value!.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteAsync(TableClient client, string partition, string row, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteEntityAsync(partition, row, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Deleted by a keep racing this one, or (412) the index now names a newer copy.
        }
    }

    private static AsyncPageable<TableEntity> Messages(TableClient client, string partition, int maxPerPage, CancellationToken cancellationToken) =>
        client.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {UnroutedEntity.MessagesStart} and RowKey lt {UnroutedEntity.MessagesEnd}"),
            maxPerPage, cancellationToken: cancellationToken);
}
