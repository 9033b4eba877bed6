using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Contacts;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Contacts;

/// <summary>
/// Contacts in <c>{prefix}contacts</c> (<see cref="ContactEntity"/> describes the rows and shards). The contact row is the
/// truth; a number's index row is believed only while the contact it names still has that number, so an index row left by
/// a move or a delete that stopped half-way is ignored and taken over by the next writer of that number. Adding the index
/// row is what claims a number: two writers cannot both make a contact of it. Conditional writes carry the ETag they read.
/// </summary>
/// <param name="service">The storage account's table service.</param>
/// <param name="tablePrefix">Prefix of the table name.</param>
/// <param name="logger">Told when the table went missing under the running host and is created again.</param>
public sealed class TableContactStore(
    TableServiceClient service, string tablePrefix = SmsTableNames.DefaultPrefix, ILogger? logger = null) : IContactStore
{
    /// <summary>An entity-group transaction holds at most 100 entities (50 contacts: a contact row and its phone row) and 4 MB.</summary>
    private const int MaxContactsPerTransaction = TableLimits.TransactionRows / 2, MaxTransactionBytes = 3_500_000;

    /// <summary>Transactions of one <see cref="AddAllAsync(ResourceOwner, IReadOnlyList{Contact}, CancellationToken)"/> in flight at once.</summary>
    private const int Parallelism = 8;

    /// <summary>The most rows one list call reads while looking for matches of a query.</summary>
    private const int ScanBudget = 2_000;

    private readonly LazyTable _table = new(service, tablePrefix + "contacts", logger);

    public Task<StoredContact?> GetAsync(ResourceOwner owner, string contactId, CancellationToken cancellationToken = default) =>
        ContactShard.OfId(contactId) is not { } shard
            ? Task.FromResult<StoredContact?>(null)
            : _table.RunAsync(async table =>
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(
                    ContactEntity.Partition(owner, shard), ContactEntity.ContactRow(contactId), cancellationToken: cancellationToken).ConfigureAwait(false);
                return row.HasValue ? ContactEntity.FromContactRow(row.Value!) : null;
            }, cancellationToken);

    public Task<StoredContact?> FindByPhoneAsync(ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => FindByPhoneAsync(table, owner, phoneNumber, cancellationToken), cancellationToken);

    private static async Task<StoredContact?> FindByPhoneAsync(TableClient table, ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken)
    {
        return (await ReadIndexAsync(table, owner, phoneNumber, cancellationToken).ConfigureAwait(false)).Holder;
    }

    public Task<string?> AddAsync(ResourceOwner owner, Contact contact, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => AddAsync(table, owner, contact, cancellationToken), cancellationToken);

    private static async Task<string?> AddAsync(TableClient table, ResourceOwner owner, Contact contact, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (claimed, holder) = await TryClaimAsync(table, owner, contact, cancellationToken).ConfigureAwait(false);
            if (claimed)
            {
                return null;
            }
            if (holder is not null)
            {
                return holder;
            }
        }
        throw new InvalidOperationException($"The number {contact.PhoneNumber} kept changing hands while a contact was added.");
    }

    public Task<IReadOnlyList<Contact>> AddAllAsync(ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => AddAllAsync(table, owner, contacts, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<Contact>> AddAllAsync(TableClient table, ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        var groups = new List<List<Contact>>();
        foreach (var shard in contacts.GroupBy(c => ContactShard.Of(c.PhoneNumber)))
        {
            var group = new List<Contact>();
            var bytes = 0;
            foreach (var contact in shard)
            {
                var size = ContactEntity.ApproximateBytes(contact);
                if (group.Count == MaxContactsPerTransaction || bytes + size > MaxTransactionBytes)
                {
                    groups.Add(group);
                    (group, bytes) = ([], 0);
                }
                group.Add(contact);
                bytes += size;
            }
            groups.Add(group);
        }
        var notAdded = new List<Contact>();
        using var slots = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(groups.Select(async group =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var partition = ContactEntity.Partition(owner, ContactShard.Of(group[0].PhoneNumber));
                await table.SubmitTransactionAsync(group.SelectMany(c => AddActions(partition, c)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                lock (notAdded)
                {
                    notAdded.AddRange(group);
                }
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return notAdded;
    }

    public Task<ContactReplace> ReplaceAsync(ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => ReplaceAsync(table, owner, previous, updated, cancellationToken), cancellationToken);

    private static async Task<ContactReplace> ReplaceAsync(TableClient table, ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken)
    {
        var moved = previous.Contact.PhoneNumber != updated.PhoneNumber;
        if (moved)
        {
            // Claim the new number first: its index row naming this contact; a number that is another contact's refuses the move.
            var (claimed, holder) = await TryClaimIndexAsync(table, owner, updated, cancellationToken).ConfigureAwait(false);
            if (!claimed)
            {
                return holder is null ? ContactReplace.Stale : new ContactReplace(false, holder);
            }
        }
        try
        {
            await table.UpdateEntityAsync(ToContactRow(owner, updated), new ETag(previous.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            if (moved)
            {
                await ReleaseIndexAsync(table, owner, updated.PhoneNumber, updated.ContactId, cancellationToken).ConfigureAwait(false);
            }
            return ContactReplace.Stale;
        }
        if (moved)
        {
            await ReleaseIndexAsync(table, owner, previous.Contact.PhoneNumber, updated.ContactId, cancellationToken).ConfigureAwait(false);
        }
        return ContactReplace.Done;
    }

    public Task<bool> DeleteAsync(ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => DeleteAsync(table, owner, contact, cancellationToken), cancellationToken);

    private static async Task<bool> DeleteAsync(TableClient table, ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken)
    {
        try
        {
            var shard = ContactShard.OfId(contact.Contact.ContactId)!.Value;
            await table.DeleteEntityAsync(ContactEntity.Partition(owner, shard), ContactEntity.ContactRow(contact.Contact.ContactId), new ETag(contact.Version), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
        await ReleaseIndexAsync(table, owner, contact.Contact.PhoneNumber, contact.Contact.ContactId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<ContactScan> ListAsync(ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken = default) =>
        _table.RunAsync(table => ListAsync(table, owner, query, after, limit, cancellationToken), cancellationToken);

    private static async Task<ContactScan> ListAsync(TableClient table, ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken)
    {
        var (shard, afterId) = ReadPosition(after);
        var page = new List<Contact>(limit);
        var scanned = 0;
        for (; shard < ContactShard.Count; shard++, afterId = null)
        {
            var from = afterId is null ? ContactEntity.ContactRows : ContactEntity.ContactRow(afterId);
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {ContactEntity.Partition(owner, shard)} and RowKey gt {from} and RowKey lt {ContactEntity.ContactRowsEnd}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, query is null ? limit + 1 : 500), cancellationToken: cancellationToken)
                .ConfigureAwait(false))
            {
                if (page.Count == limit || scanned == ScanBudget)
                {
                    return new ContactScan(page, $"{shard:x}:{afterId}");
                }
                scanned++;
                afterId = row.GetString("Id");
                if (ContactSearch.Matches(row.GetString("Search") ?? "", query))
                {
                    page.Add(ContactEntity.FromContactRow(row).Contact);
                }
            }
        }
        return new ContactScan(page, null);
    }

    /// <summary>A position <see cref="ListAsync(ResourceOwner, string?, string?, int, CancellationToken)"/> gave: <c>{shard}:{last id}</c>; the start when null or not one.</summary>
    private static (int Shard, string? AfterId) ReadPosition(string? after) =>
        after is { Length: >= 2 } && after[1] == ':' && Uri.IsHexDigit(after[0])
            ? (Convert.ToInt32(after[..1], 16), after.Length > 2 ? after[2..] : null)
            : (0, null);

    /// <summary>A new contact: its index row and contact row in one transaction (same shard). (true, null) added; (false, holder) taken.</summary>
    private static async Task<(bool Claimed, string? Holder)> TryClaimAsync(TableClient table, ResourceOwner owner, Contact contact, CancellationToken cancellationToken)
    {
        var partition = ContactEntity.Partition(owner, ContactShard.Of(contact.PhoneNumber));
        try
        {
            await table.SubmitTransactionAsync(AddActions(partition, contact), cancellationToken).ConfigureAwait(false);
            return (true, null);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var index = await ReadIndexAsync(table, owner, contact.PhoneNumber, cancellationToken).ConfigureAwait(false);
            if (index.Holder is { } holder)
            {
                return (false, holder.Contact.ContactId);
            }
            if (index.Row is { } stale)
            {
                // Left by a move or delete that stopped half-way: take it over, with the contact row, in one transaction.
                TableTransactionAction[] takeOver =
                [
                    new(TableTransactionActionType.UpdateReplace, ContactEntity.ToIndexRow(partition, contact), stale.ETag),
                    new(TableTransactionActionType.Add, ContactEntity.ToContactRow(partition, contact)),
                ];
                try
                {
                    await table.SubmitTransactionAsync(takeOver, cancellationToken).ConfigureAwait(false);
                    return (true, null);
                }
                catch (TableTransactionFailedException again) when (again.Status is 404 or 409 or 412)
                {
                }
            }
            return (false, null); // raced: try again
        }
    }

    /// <summary>Points the index row of <paramref name="contact"/>'s number at it. (true, null) done; (false, holder) taken; (false, null) raced.</summary>
    private static async Task<(bool Claimed, string? Holder)> TryClaimIndexAsync(TableClient table, ResourceOwner owner, Contact contact, CancellationToken cancellationToken)
    {
        var partition = ContactEntity.Partition(owner, ContactShard.Of(contact.PhoneNumber));
        try
        {
            await table.AddEntityAsync(ContactEntity.ToIndexRow(partition, contact), cancellationToken).ConfigureAwait(false);
            return (true, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var index = await ReadIndexAsync(table, owner, contact.PhoneNumber, cancellationToken).ConfigureAwait(false);
            if (index.Holder is { } holder)
            {
                return holder.Contact.ContactId == contact.ContactId ? (true, null) : (false, holder.Contact.ContactId);
            }
            if (index.Row is { } stale)
            {
                try
                {
                    await table.UpdateEntityAsync(ContactEntity.ToIndexRow(partition, contact), stale.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return (true, null);
                }
                catch (RequestFailedException again) when (again.Status is 404 or 412)
                {
                }
            }
            return (false, null);
        }
    }

    /// <summary>Deletes the index row of <paramref name="phone"/> while it still names <paramref name="contactId"/> (a tidy-up: a row left is ignored).</summary>
    private static async Task ReleaseIndexAsync(TableClient table, ResourceOwner owner, string phone, string contactId, CancellationToken cancellationToken)
    {
        var partition = ContactEntity.Partition(owner, ContactShard.Of(phone));
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, ContactEntity.IndexRow(phone), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (row.HasValue && row.Value!.GetString("Id") == contactId)
        {
            try
            {
                await table.DeleteEntityAsync(partition, ContactEntity.IndexRow(phone), row.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
            }
        }
    }

    /// <summary>The index row of a number, and the contact it names if that contact still has the number.</summary>
    private static async Task<(TableEntity? Row, StoredContact? Holder)> ReadIndexAsync(TableClient table, ResourceOwner owner, string phone, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync<TableEntity>(
            ContactEntity.Partition(owner, ContactShard.Of(phone)), ContactEntity.IndexRow(phone), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value!.GetString("Id") is not { } id || ContactShard.OfId(id) is not { } shard)
        {
            return (index.HasValue ? index.Value : null, null);
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ContactEntity.Partition(owner, shard), ContactEntity.ContactRow(id), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var holder = row.HasValue ? ContactEntity.FromContactRow(row.Value!) : null;
        return (index.Value, holder?.Contact.PhoneNumber == phone ? holder : null);
    }

    private static TableEntity ToContactRow(ResourceOwner owner, Contact contact) =>
        ContactEntity.ToContactRow(ContactEntity.Partition(owner, ContactShard.OfId(contact.ContactId)!.Value), contact);

    private static TableTransactionAction[] AddActions(string partition, Contact contact) =>
    [
        new(TableTransactionActionType.Add, ContactEntity.ToIndexRow(partition, contact)),
        new(TableTransactionActionType.Add, ContactEntity.ToContactRow(partition, contact)),
    ];
}
