using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// The conversation directory in <c>{prefix}conversations</c>: partition = tenant, row = conversation id. A listing is
/// one partition range scan in row-key order, so the cursor (the last id of a page) stays valid while conversations
/// are added; the filters run on the server. Saves of one tenant that arrive while one is being written go together in
/// one transaction (<see cref="GroupedWrites"/>): a campaign opening conversations by the hundred writes their rows by
/// the group, and each save still completes only when its row is stored.
/// </summary>
/// <param name="service">The storage account's table service.</param>
/// <param name="tablePrefix">Prefix of the table name.</param>
/// <param name="logger">Told when the table went missing under the running host and is created again.</param>
public sealed class TableConversationDirectory(
    TableServiceClient service, string tablePrefix = SmsTableNames.DefaultPrefix, ILogger? logger = null)
    : IConversationDirectory
{
    private readonly GroupedWrites _upserts = new(new LazyTable(service, tablePrefix + "conversations", logger));

    /// <inheritdoc/>
    public Task SaveAsync(ConversationSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var entity = new TableEntity(TableKeys.Escape(summary.TenantId), TableKeys.Escape(summary.ConversationId))
        {
            [nameof(ConversationSummary.ConversationId)] = summary.ConversationId,
            [nameof(ConversationSummary.TenantId)] = summary.TenantId,
            [nameof(ConversationSummary.Environment)] = summary.Environment,
            [nameof(ConversationSummary.UseCaseId)] = summary.UseCaseId,
            [nameof(ConversationSummary.AgentNumber)] = summary.AgentNumber,
            [nameof(ConversationSummary.CustomerNumber)] = summary.CustomerNumber,
            [nameof(ConversationSummary.Status)] = summary.Status.ToString(),
            [nameof(ConversationSummary.AgentMode)] = summary.AgentMode,
            [nameof(ConversationSummary.SessionState)] = summary.SessionState?.ToString(),
            [nameof(ConversationSummary.SessionStartedAt)] = summary.SessionStartedAt,
            [nameof(ConversationSummary.SessionExpiresAt)] = summary.SessionExpiresAt,
        };
        return _upserts.UpsertAsync(entity, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ConversationPage> ListAsync(
        string tenantId, ConversationFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return _upserts.Table.RunAsync(table => ListAsync(table, tenantId, filter, cursor, limit, cancellationToken), cancellationToken);
    }

    private static async Task<ConversationPage> ListAsync(
        TableClient table, string tenantId, ConversationFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(tenantId)}");
        if (cursor is not null)
        {
            query += " and " + TableClient.CreateQueryFilter($"RowKey gt {TableKeys.Escape(cursor)}");
        }
        foreach (var (property, value) in new (string, string?)[]
                 {
                     (nameof(ConversationSummary.Environment), filter.Environment),
                     (nameof(ConversationSummary.Status), filter.Status?.ToString()),
                     (nameof(ConversationSummary.AgentNumber), filter.AgentNumber),
                     (nameof(ConversationSummary.CustomerNumber), filter.CustomerNumber),
                 })
        {
            if (value is not null)
            {
                query += $" and {property} eq " + TableClient.CreateQueryFilter($"{value}");
            }
        }
        var items = new List<ConversationSummary>(limit + 1);
        await foreach (var entity in table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            items.Add(FromEntity(entity));
            if (items.Count > limit)
            {
                break;
            }
        }
        var more = items.Count > limit;
        var page = items.Take(limit).ToList();
        return new ConversationPage(page, more ? page[^1].ConversationId : null);
    }

    private static ConversationSummary FromEntity(TableEntity entity) => new(
        entity.Required(nameof(ConversationSummary.ConversationId)),
        entity.Required(nameof(ConversationSummary.TenantId)),
        entity.Required(nameof(ConversationSummary.Environment)),
        entity.Required(nameof(ConversationSummary.UseCaseId)),
        entity.Required(nameof(ConversationSummary.AgentNumber)),
        entity.Required(nameof(ConversationSummary.CustomerNumber)),
        entity.RequiredEnum<ConversationStatus>(nameof(ConversationSummary.Status)),
        entity.GetBoolean(nameof(ConversationSummary.AgentMode)) ?? true,
        entity.GetString(nameof(ConversationSummary.SessionState)) is { } state ? Enum.Parse<SessionState>(state) : null,
        entity.GetDateTimeOffset(nameof(ConversationSummary.SessionStartedAt)),
        SessionExpiresAt: entity.GetDateTimeOffset(nameof(ConversationSummary.SessionExpiresAt)));
}
