using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// The message archive in Azure Table Storage. Three tables (<see cref="SmsTableNames"/>):
/// <list type="bullet">
/// <item><c>{prefix}messages</c>: partition = conversation id. Message rows <c>m|{inverted ticks}|{message id}</c>
/// sort newest first, so the newest N of a conversation are one range scan that stops after N rows. A message
/// with a provider id also has an index row <c>p|{provider id}</c> (a full copy, so a lookup is one point read),
/// written in the same entity-group transaction as the message: one round trip, never out of step.</item>
/// <item><c>{prefix}sessions</c>: partition = conversation id, row = session id.</item>
/// <item><c>{prefix}unrouted</c>: partition = the number the message was sent to; messages in arrival order, an index by
/// provider id and a counter (<see cref="UnroutedEntity"/>), kept as <see cref="UnroutedRetention"/> says.</item>
/// </list>
/// Keys are escaped (<see cref="TableKeys.Escape"/>); the original values live in properties.
/// Conversations spread over partitions, so writes to different conversations scale out.
/// </summary>
public sealed class TableMessageArchive : IMessageArchive
{
    // Azure Tables returns at most 1,000 rows per page.
    private const int MaxPage = 1000;

    private readonly LazyTable _messages;
    private readonly LazyTable _sessions;
    private readonly TableUnroutedStore _unrouted;

    /// <summary>An archive in the tables named by <paramref name="tablePrefix"/>; the tables are created on first use.</summary>
    /// <param name="service">The storage account's table service.</param>
    /// <param name="tablePrefix">Prefix of the table names (letters and digits, starting with a letter).</param>
    /// <param name="clock">Decides when unrouted messages expire; the system clock when null.</param>
    /// <param name="retention">How long and how many unrouted messages are kept; <see cref="UnroutedRetention.Default"/> when null.</param>
    /// <param name="logger">Told when a table that went missing under the running host is created again.</param>
    public TableMessageArchive(
        TableServiceClient service, string tablePrefix = SmsTableNames.DefaultPrefix,
        TimeProvider? clock = null, UnroutedRetention? retention = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (SmsTableNames.PrefixProblem(tablePrefix) is { } problem)
        {
            throw new ArgumentException($"The table prefix {problem}.", nameof(tablePrefix));
        }
        var names = new SmsTableNames(tablePrefix);
        _messages = new LazyTable(service, names.Messages, logger);
        _sessions = new LazyTable(service, names.Sessions, logger);
        _unrouted = new TableUnroutedStore(
            new LazyTable(service, names.Unrouted, logger), clock ?? TimeProvider.System, retention ?? UnroutedRetention.Default);
    }

    /// <inheritdoc/>
    /// <remarks>One request: an upsert, or a two-row transaction when the message has a provider id.</remarks>
    public Task AppendAsync(string conversationId, SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _messages.RunAsync(table => AppendAsync(table, conversationId, message, cancellationToken), cancellationToken);
    }

    private static async Task AppendAsync(TableClient table, string conversationId, SmsMessage message, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(conversationId);
        var row = MessageEntity.ToEntity(partition, TableKeys.Message(message), message);
        if (string.IsNullOrEmpty(message.ProviderMessageSid))
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return;
        }
        var index = MessageEntity.ToEntity(partition, TableKeys.ProviderIndex(message.ProviderMessageSid), message);
        await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, row),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, index),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Entity-group transactions of up to 100 rows (a message row, and its provider-id index row when it has one):
    /// one request for up to 50 messages. Each transaction is atomic; a failure leaves the messages of the transactions
    /// before it stored, and storing them again is harmless.
    /// </remarks>
    public Task AppendManyAsync(string conversationId, IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0
            ? Task.CompletedTask
            : _messages.RunAsync(table => AppendManyAsync(table, conversationId, messages, cancellationToken), cancellationToken);
    }

    private static async Task AppendManyAsync(
        TableClient table, string conversationId, IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(conversationId);
        // A transaction may not touch one row twice: the last copy of each message is the one stored.
        var latest = messages.GroupBy(m => m.MessageId).Select(g => g.Last()).ToList();
        var batch = new List<TableTransactionAction>(TableLimits.TransactionRows);
        foreach (var message in latest)
        {
            if (batch.Count + (string.IsNullOrEmpty(message.ProviderMessageSid) ? 1 : 2) > TableLimits.TransactionRows)
            {
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = new List<TableTransactionAction>(TableLimits.TransactionRows);
            }
            batch.Add(new(TableTransactionActionType.UpsertReplace, MessageEntity.ToEntity(partition, TableKeys.Message(message), message)));
            if (!string.IsNullOrEmpty(message.ProviderMessageSid))
            {
                batch.Add(new(TableTransactionActionType.UpsertReplace,
                    MessageEntity.ToEntity(partition, TableKeys.ProviderIndex(message.ProviderMessageSid), message)));
            }
        }
        await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Messages with the very same timestamp are ordered by message id. The session filter runs on the server;
    /// it scans the conversation's partition until it has <paramref name="limit"/> messages.
    /// </remarks>
    public Task<IReadOnlyList<SmsMessage>> ReadAsync(
        string conversationId, string? sessionId, int limit, CancellationToken cancellationToken = default) =>
        limit <= 0
            ? Task.FromResult<IReadOnlyList<SmsMessage>>([])
            : _messages.RunAsync(table => ReadAsync(table, conversationId, sessionId, limit, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<SmsMessage>> ReadAsync(
        TableClient table, string conversationId, string? sessionId, int limit, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(conversationId);
        var filter = sessionId is null
            ? TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {TableKeys.MessagesStart} and RowKey lt {TableKeys.MessagesEnd}")
            : TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {TableKeys.MessagesStart} and RowKey lt {TableKeys.MessagesEnd} and SessionId eq {sessionId}");
        var newestFirst = new List<SmsMessage>(Math.Min(limit, MaxPage));
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, MaxPage), cancellationToken: cancellationToken);
        await foreach (var entity in rows.ConfigureAwait(false))
        {
            newestFirst.Add(MessageEntity.FromEntity(entity));
            if (newestFirst.Count == limit)
            {
                break;
            }
        }
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <inheritdoc/>
    /// <remarks>One point read of the index row.</remarks>
    public Task<SmsMessage?> FindByProviderIdAsync(
        string conversationId, string providerMessageId, CancellationToken cancellationToken = default) =>
        _messages.RunAsync(async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(
                TableKeys.Escape(conversationId), TableKeys.ProviderIndex(providerMessageId), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return found.HasValue ? MessageEntity.FromEntity(found.Value!) : null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task SaveSessionAsync(string conversationId, SessionView session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = SessionEntity.ToEntity(TableKeys.Escape(conversationId), session);
        return _sessions.RunAsync(table => table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Ordered by start, then session id (the rows themselves are keyed by id so that a save always replaces).</remarks>
    public Task<IReadOnlyList<SessionView>> ReadSessionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _sessions.RunAsync<IReadOnlyList<SessionView>>(async table =>
        {
            var partition = TableKeys.Escape(conversationId);
            var sessions = new List<SessionView>();
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, MaxPage, cancellationToken: cancellationToken)
                .ConfigureAwait(false))
            {
                sessions.Add(SessionEntity.FromEntity(entity));
            }
            return [.. sessions.OrderBy(s => s.StartedAt).ThenBy(s => s.SessionId, StringComparer.Ordinal)];
        }, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>A repeated provider id (a provider retry) keeps the first copy; see <see cref="TableUnroutedStore"/>.</remarks>
    public Task KeepUnroutedAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _unrouted.KeepAsync(message, receivedAt, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default) =>
        _unrouted.ReadAsync(to, cancellationToken);
}
