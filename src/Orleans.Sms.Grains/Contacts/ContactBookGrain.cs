using System.Text;
using Orleans.Sms.Errors;
using Orleans.Sms.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts;

/// <summary>
/// The front of one owner's contacts: stateless and reentrant (the store keeps the contacts and their uniqueness), so
/// reads and writes of different contacts never wait for each other here.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class ContactBookGrain(IContactStore store, [FromKeyedServices(SmsClock.Key)] TimeProvider clock) : Grain, IContactBookGrain
{
    /// <summary>Writes that lost a race with another writer of the same contact are tried again this often.</summary>
    private const int MaxAttempts = 8;

    public const int MaxLimit = 500;

    private ResourceOwner Owner
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var split = key.IndexOf('|', StringComparison.Ordinal);
            return new ResourceOwner(key[..split], key[(split + 1)..]);
        }
    }

    public async Task<SmsResult<Contact>> CreateAsync(ContactChanges values)
    {
        var made = ContactRules.Apply(null, values, clock.GetUtcNow());
        if (made.Error is { } invalid)
        {
            return SmsResult<Contact>.Fail(invalid.ToSmsError());
        }
        var existing = await store.AddAsync(Owner, made.Contact!);
        return existing is null ? SmsResult<Contact>.Ok(made.Contact!) : SmsResult<Contact>.Fail(Exists(made.Contact!.PhoneNumber, existing));
    }

    public async Task<Contact?> GetAsync(string contactId) => (await store.GetAsync(Owner, contactId))?.Contact;

    public async Task<Contact?> FindByPhoneAsync(string phoneNumber) =>
        E164.TryNormalize(phoneNumber, out var e164) ? (await store.FindByPhoneAsync(Owner, e164))?.Contact : null;

    public async Task<IReadOnlyDictionary<string, ContactRef>> FindRefsAsync(IReadOnlyList<string> phoneNumbers)
    {
        var owner = Owner;
        var found = await Task.WhenAll(phoneNumbers.Distinct(StringComparer.Ordinal).Select(p => store.FindByPhoneAsync(owner, p)));
        return found.OfType<StoredContact>().ToDictionary(s => s.Contact.PhoneNumber, s => new ContactRef(s.Contact.ContactId, s.Contact.Name), StringComparer.Ordinal);
    }

    public async Task<SmsResult<Contact>> UpdateAsync(string contactId, ContactChanges changes)
    {
        var owner = Owner;
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(owner, contactId);
            if (current is null)
            {
                return SmsResult<Contact>.Fail(SmsErrorCodes.NotFound, $"No contact {contactId}.");
            }
            var changed = ContactRules.Apply(current.Contact, changes, contactId, clock.GetUtcNow());
            if (changed.Error is { } invalid)
            {
                return SmsResult<Contact>.Fail(invalid.ToSmsError());
            }
            var replaced = await store.ReplaceAsync(owner, current, changed.Contact!);
            if (replaced.Replaced)
            {
                return SmsResult<Contact>.Ok(changed.Contact!);
            }
            if (replaced.PhoneTakenBy is { } holder)
            {
                return SmsResult<Contact>.Fail(Exists(changed.Contact!.PhoneNumber, holder));
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Contact {contactId} kept changing while it was updated.");
            }
        }
    }

    public async Task<bool> DeleteAsync(string contactId)
    {
        var owner = Owner;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(owner, contactId);
            if (current is null)
            {
                return false;
            }
            if (await store.DeleteAsync(owner, current))
            {
                return true;
            }
        }
        throw new InvalidOperationException($"Contact {contactId} kept changing while it was deleted.");
    }

    public async Task<SmsResult<ContactPage>> ListAsync(string? query, string? cursor, int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return SmsResult<ContactPage>.Fail(SmsErrorCodes.InvalidLimit, $"'limit' must be 1 to {MaxLimit}.");
        }
        string? after = null;
        if (cursor is not null && !TryReadCursor(cursor, out after))
        {
            return SmsResult<ContactPage>.Fail(SmsErrorCodes.InvalidRequest, "'cursor' is not a cursor this API gave.");
        }
        var scan = await store.ListAsync(Owner, string.IsNullOrEmpty(query) ? null : query.ToLowerInvariant(), after, limit);
        return SmsResult<ContactPage>.Ok(new ContactPage(scan.Contacts, scan.ContinueAfter is { } next ? WriteCursor(next) : null));
    }

    private static SmsError Exists(string phoneNumber, string contactId) => new(
        SmsErrorCodes.ContactExists, $"{phoneNumber} is contact {contactId} already.",
        new Dictionary<string, string> { ["contact_id"] = contactId });

    private static string WriteCursor(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes("p:" + after)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string cursor, out string? after)
    {
        after = null;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[base64.Length];
        if (cursor.Length > 200 || !Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        after = text.StartsWith("p:", StringComparison.Ordinal) ? text[2..] : null;
        return after is { Length: > 0 };
    }
}
