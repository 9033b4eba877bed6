using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Campaigns;

/// <summary>
/// Campaign audiences and the campaign index in <c>{prefix}campaigns</c>. A campaign's recipients are one partition
/// <c>r|{campaign}</c>: <c>s|{seq}</c> rows hold the recipients in the order they were added, <c>p|{phone}</c> rows name the
/// seq of a number, added with it in one entity-group transaction (a number is in a campaign at most once). An owner's
/// campaigns are the rows of partition <c>o|{tenant}|{environment}</c>, one per campaign id.
/// </summary>
/// <param name="service">The storage account's table service.</param>
/// <param name="tablePrefix">Prefix of the table name.</param>
/// <param name="logger">Told when the table went missing under the running host and is created again.</param>
public sealed class TableCampaignStore(
    TableServiceClient service, string tablePrefix = SmsTableNames.DefaultPrefix, ILogger? logger = null) : ICampaignStore
{
    private readonly LazyTable _table = new(service, tablePrefix + "campaigns", logger);

    public Task<IReadOnlyList<bool>> AddRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => AddRecipientsAsync(table, campaignId, recipients, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<bool>> AddRecipientsAsync(TableClient table, string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken)
    {
        var added = new bool[recipients.Count];
        var partition = Audience(campaignId);
        for (var start = 0; start < recipients.Count; start += TableLimits.TransactionRows / 2)
        {
            var group = Enumerable.Range(start, Math.Min(TableLimits.TransactionRows / 2, recipients.Count - start)).ToList();
            if (await TryAddAsync(table, partition, group.Select(i => recipients[i]), cancellationToken).ConfigureAwait(false))
            {
                group.ForEach(i => added[i] = true);
                continue;
            }
            foreach (var i in group)
            {
                // A number of the group is in the campaign already: add them one by one to learn which. A number stored
                // with this very seq was added by this call: the SDK retried a transaction that was stored but whose
                // answer was lost, and its retry met the rows of its first attempt.
                added[i] = await TryAddAsync(table, partition, [recipients[i]], cancellationToken).ConfigureAwait(false)
                    || await SeqOfAsync(table, partition, recipients[i].PhoneNumber, cancellationToken).ConfigureAwait(false) == recipients[i].Seq;
            }
        }
        return added;
    }

    private static async Task<bool> TryAddAsync(TableClient table, string partition, IEnumerable<CampaignRecipient> recipients, CancellationToken cancellationToken)
    {
        var actions = recipients.SelectMany(r => new[]
        {
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, PhoneRow(r.PhoneNumber)) { ["Seq"] = r.Seq }),
            new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, r)),
        }).ToList();
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The seq the number's index row names, or null when the number is not in the campaign.</summary>
    private static async Task<long?> SeqOfAsync(TableClient table, string partition, string phoneNumber, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync<TableEntity>(partition, PhoneRow(phoneNumber), cancellationToken: cancellationToken).ConfigureAwait(false);
        return index.HasValue ? index.Value!.GetInt64("Seq") : null;
    }

    public Task<CampaignRecipient?> FindRecipientAsync(string campaignId, string phoneNumber, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => FindRecipientAsync(table, campaignId, phoneNumber, cancellationToken), cancellationToken);

    private static async Task<CampaignRecipient?> FindRecipientAsync(TableClient table, string campaignId, string phoneNumber, CancellationToken cancellationToken)
    {
        if (await SeqOfAsync(table, Audience(campaignId), phoneNumber, cancellationToken).ConfigureAwait(false) is not { } seq)
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Audience(campaignId), SeqRow(seq), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public Task SaveRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => SaveRecipientsAsync(table, campaignId, recipients, cancellationToken), cancellationToken);

    private static async Task SaveRecipientsAsync(TableClient table, string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken)
    {
        var partition = Audience(campaignId);
        foreach (var chunk in recipients.DistinctBy(r => r.Seq).Chunk(TableLimits.TransactionRows))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, r))), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<CampaignRecipient>> ListRecipientsAsync(
        string campaignId, long afterSeq, long toSeq, RecipientStatus? status, int limit, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => ListRecipientsAsync(table, campaignId, afterSeq, toSeq, status, limit, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<CampaignRecipient>> ListRecipientsAsync(TableClient table, string campaignId, long afterSeq, long toSeq, RecipientStatus? status, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Audience(campaignId)} and RowKey gt {SeqRow(afterSeq)} and RowKey le {SeqRow(Math.Min(toSeq, MaxSeq))}");
        if (status is { } wanted)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {Name(wanted)}");
        }
        var page = new List<CampaignRecipient>(Math.Min(limit, 1000));
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            page.Add(FromEntity(entity));
            if (page.Count == limit)
            {
                break;
            }
        }
        return page;
    }

    public Task DeleteRecipientsAsync(string campaignId, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => DeleteRecipientsAsync(table, campaignId, cancellationToken), cancellationToken);

    private static async Task DeleteRecipientsAsync(TableClient table, string campaignId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Audience(campaignId)}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity);
        }
        foreach (var chunk in rows.Chunk(TableLimits.TransactionRows))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public Task IndexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => IndexCampaignAsync(table, owner, campaignId, cancellationToken), cancellationToken);

    private static async Task IndexCampaignAsync(TableClient table, ResourceOwner owner, string campaignId, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(new TableEntity(Owner(owner), TableKeys.Escape(campaignId)) { ["Id"] = campaignId }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    public Task UnindexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => UnindexCampaignAsync(table, owner, campaignId, cancellationToken), cancellationToken);

    private static async Task UnindexCampaignAsync(TableClient table, ResourceOwner owner, string campaignId, CancellationToken cancellationToken)
    {
        await table.DeleteEntityAsync(Owner(owner), TableKeys.Escape(campaignId), ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListCampaignsAsync(ResourceOwner owner, string? after, int limit, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => ListCampaignsAsync(table, owner, after, limit, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<string>> ListCampaignsAsync(TableClient table, ResourceOwner owner, string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Owner(owner)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Owner(owner)} and RowKey gt {TableKeys.Escape(after)}");
        var ids = new List<string>(limit);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entity.GetString("Id"));
            if (ids.Count == limit)
            {
                break;
            }
        }
        return ids;
    }

    private const long MaxSeq = 999_999_999_999;

    private static string Audience(string campaignId) => "r|" + TableKeys.Escape(campaignId);

    private static string Owner(ResourceOwner owner) => TableKeys.Escape($"o|{owner.TenantId}|{owner.Environment}");

    private static string SeqRow(long seq) => "s|" + seq.ToString("D12", CultureInfo.InvariantCulture);

    private static string PhoneRow(string phone) => "p|" + TableKeys.Escape(phone);

    private static string Name(RecipientStatus status) => status.ToString().ToLowerInvariant();

    private static TableEntity ToEntity(string partition, CampaignRecipient r) => new(partition, SeqRow(r.Seq))
    {
        ["Seq"] = r.Seq,
        ["Phone"] = r.PhoneNumber,
        ["ContactId"] = r.ContactId,
        ["Status"] = Name(r.Status),
        ["MessageId"] = r.MessageId,
        ["ConversationId"] = r.ConversationId,
        ["From"] = r.From,
        ["Body"] = r.Body,
        ["ErrorCode"] = r.ErrorCode,
        ["SentAt"] = r.SentAt,
        ["Replied"] = r.Replied,
        ["OptedOut"] = r.OptedOut,
        ["HeldUntil"] = r.HeldUntil,
        ["Resends"] = r.Resends,
    };

    private static CampaignRecipient FromEntity(TableEntity e) => new(
        e.GetInt64("Seq") ?? 0, e.GetString("Phone"), e.GetString("ContactId"),
        Enum.Parse<RecipientStatus>(e.GetString("Status"), ignoreCase: true), e.GetString("MessageId"), e.GetString("ConversationId"),
        e.GetString("From"), e.GetString("Body"), e.GetString("ErrorCode"), e.GetDateTimeOffset("SentAt"),
        e.GetBoolean("Replied") ?? false, e.GetBoolean("OptedOut") ?? false, e.GetDateTimeOffset("HeldUntil"),
        e.GetInt32("Resends") ?? 0);
}
