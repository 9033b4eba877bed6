using Azure;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Contacts;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Contacts;

/// <summary>
/// Contacts in <c>{prefix}contacts</c> (<see cref="ContactEntity"/> describes the rows). Every write is one entity-group
/// transaction: adding the number's row fails when the number is a contact already, and conditional replaces and deletes
/// carry the ETag they read, so racing writers cannot make two contacts of one number or lose each other's changes.
/// </summary>
public sealed class TableContactStore(TableServiceClient service, string tablePrefix = AzureStorageOptions.DefaultTablePrefix) : IContactStore
{
    /// <summary>An entity-group transaction holds at most 100 entities and 4 MB.</summary>
    private const int MaxTransactionEntities = 100, MaxTransactionBytes = 3_500_000;

    /// <summary>The most rows one list call reads while looking for matches of a query.</summary>
    private const int ScanBudget = 2_000;

    private readonly LazyTable _table = new(service, tablePrefix + "contacts");

    public async Task<StoredContact?> GetAsync(ResourceOwner owner, string contactId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(partition, ContactEntity.IdRow(contactId), ["Phone"], cancellationToken).ConfigureAwait(false);
        if (!pointer.HasValue)
        {
            return null;
        }
        var stored = await ReadPhoneRowAsync(table, partition, pointer.Value!.GetString("Phone"), cancellationToken).ConfigureAwait(false);
        return stored?.Contact.ContactId == contactId ? stored : null;
    }

    public async Task<StoredContact?> FindByPhoneAsync(ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        return await ReadPhoneRowAsync(table, ContactEntity.Partition(owner), phoneNumber, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> AddAsync(ResourceOwner owner, Contact contact, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await table.SubmitTransactionAsync(AddActions(partition, contact), cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // Taken, unless the holder was deleted between the failed add and this read: then add again.
                var holder = await ReadPhoneRowAsync(table, partition, contact.PhoneNumber, cancellationToken).ConfigureAwait(false);
                if (holder is not null)
                {
                    return holder.Contact.ContactId;
                }
            }
        }
        throw new InvalidOperationException($"The number {contact.PhoneNumber} kept changing hands while a contact was added.");
    }

    public async Task<bool> AddAllAsync(ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken = default)
    {
        if (contacts.Count == 0)
        {
            return true;
        }
        if (contacts.Count * 2 > MaxTransactionEntities || contacts.Sum(ContactEntity.ApproximateBytes) > MaxTransactionBytes)
        {
            return false; // too big for one transaction: the caller goes row by row
        }
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        try
        {
            await table.SubmitTransactionAsync(contacts.SelectMany(c => AddActions(partition, c)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<ContactReplace> ReplaceAsync(ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        var etag = new ETag(previous.Version);
        var samePhone = previous.Contact.PhoneNumber == updated.PhoneNumber;
        TableTransactionAction[] actions = samePhone
            ? [new(TableTransactionActionType.UpdateReplace, ContactEntity.ToPhoneRow(partition, updated), etag)]
            :
            [
                new(TableTransactionActionType.Delete, new TableEntity(partition, ContactEntity.PhoneRow(previous.Contact.PhoneNumber)), etag),
                new(TableTransactionActionType.Add, ContactEntity.ToPhoneRow(partition, updated)),
                new(TableTransactionActionType.UpdateReplace, ContactEntity.ToIdRow(partition, updated), ETag.All),
            ];
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return ContactReplace.Done;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 && !samePhone && ex.FailedTransactionActionIndex == 1)
        {
            var holder = await ReadPhoneRowAsync(table, partition, updated.PhoneNumber, cancellationToken).ConfigureAwait(false);
            return holder is null ? ContactReplace.Stale : new ContactReplace(false, holder.Contact.ContactId);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return ContactReplace.Stale;
        }
    }

    public async Task<bool> DeleteAsync(ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(partition, ContactEntity.PhoneRow(contact.Contact.PhoneNumber)), new ETag(contact.Version)),
            new(TableTransactionActionType.Delete, new TableEntity(partition, ContactEntity.IdRow(contact.Contact.ContactId)), ETag.All),
        ];
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<ContactScan> ListAsync(ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = ContactEntity.Partition(owner);
        var from = after is null ? ContactEntity.PhoneRows : ContactEntity.PhoneRow(after);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {ContactEntity.PhoneRowsEnd}");
        var page = new List<Contact>(limit);
        string? last = null;
        var scanned = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: query is null ? limit + 1 : 500, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (page.Count == limit || scanned == ScanBudget)
            {
                return new ContactScan(page, last);
            }
            scanned++;
            last = row.GetString("Phone");
            if (ContactSearch.Matches(row.GetString("Search") ?? "", query))
            {
                page.Add(ContactEntity.FromPhoneRow(row).Contact);
            }
        }
        return new ContactScan(page, null);
    }

    private static TableTransactionAction[] AddActions(string partition, Contact contact) =>
    [
        new(TableTransactionActionType.Add, ContactEntity.ToPhoneRow(partition, contact)),
        new(TableTransactionActionType.Add, ContactEntity.ToIdRow(partition, contact)),
    ];

    private static async Task<StoredContact?> ReadPhoneRowAsync(TableClient table, string partition, string phone, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, ContactEntity.PhoneRow(phone), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ContactEntity.FromPhoneRow(row.Value!) : null;
    }
}
