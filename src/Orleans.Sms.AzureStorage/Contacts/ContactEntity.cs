using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Contacts;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Contacts;

/// <summary>
/// Rows of <c>{prefix}contacts</c>. An owner's (tenant and environment's) contacts are spread over
/// <see cref="ContactShard.Count"/> partitions <c>{tenant}|{environment}|{shard}</c>. <c>c|{id}</c> holds the contact, in its
/// id's shard; <c>p|{phone}</c> is the number's index row, in the number's shard, naming the contact that has the number.
/// A new contact's id is made in its number's shard, so both rows are added in one entity-group transaction. Custom fields
/// are columns <c>F_{key}</c> (50 values of 1,000 characters would overflow one 64 KB string column).
/// </summary>
internal static class ContactEntity
{
    public const string ContactRows = "c|", ContactRowsEnd = "c}";
    private const string FieldColumn = "F_";

    public static string Partition(ResourceOwner owner, int shard) => TableKeys.Escape($"{owner.TenantId}|{owner.Environment}|{shard:x}");

    public static string IndexRow(string phone) => "p|" + TableKeys.Escape(phone);

    public static string ContactRow(string contactId) => ContactRows + TableKeys.Escape(contactId);

    public static TableEntity ToIndexRow(string partition, Contact contact) =>
        new(partition, IndexRow(contact.PhoneNumber)) { ["Id"] = contact.ContactId };

    public static TableEntity ToContactRow(string partition, Contact contact)
    {
        var entity = new TableEntity(partition, ContactRow(contact.ContactId))
        {
            ["Id"] = contact.ContactId,
            ["Phone"] = contact.PhoneNumber,
            ["Name"] = contact.Name,
            ["FirstName"] = contact.FirstName,
            ["LastName"] = contact.LastName,
            ["Company"] = contact.Company,
            ["Email"] = contact.Email,
            ["ExternalId"] = contact.ExternalId,
            ["Created"] = contact.CreatedAt,
            ["Updated"] = contact.UpdatedAt,
            ["Search"] = ContactSearch.TextOf(contact),
        };
        foreach (var (key, value) in contact.Fields)
        {
            entity[FieldColumn + key] = value;
        }
        return entity;
    }

    public static StoredContact FromContactRow(TableEntity row)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, value) in row)
        {
            if (column.StartsWith(FieldColumn, StringComparison.Ordinal) && value is string text)
            {
                fields[column[FieldColumn.Length..]] = text;
            }
        }
        var contact = new Contact(
            row.GetString("Id"), row.GetString("Phone"), row.GetString("Name"), row.GetString("FirstName"), row.GetString("LastName"),
            row.GetString("Company"), row.GetString("Email"), row.GetString("ExternalId"), fields,
            row.GetDateTimeOffset("Created") ?? default, row.GetDateTimeOffset("Updated") ?? default);
        return new StoredContact(contact, row.ETag.ToString());
    }

    /// <summary>A rough size of a contact's row, to keep a transaction under its 4 MB.</summary>
    public static int ApproximateBytes(Contact contact) =>
        512 + 2 * ((contact.Name?.Length ?? 0) + (contact.FirstName?.Length ?? 0) + (contact.LastName?.Length ?? 0)
            + (contact.Company?.Length ?? 0) + (contact.Email?.Length ?? 0) + (contact.ExternalId?.Length ?? 0)
            + contact.Fields.Sum(f => f.Key.Length + f.Value.Length + 8));
}
