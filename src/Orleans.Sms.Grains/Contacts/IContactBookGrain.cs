using Orleans.Sms.Errors;

namespace Orleans.Sms.Contacts;

/// <summary>
/// The contacts of one tenant in one environment (docs/api.md: Contacts), keyed by <see cref="KeyFor"/>. A stateless front over
/// the contact store: the store holds the contacts (a million of them do not fit in a grain) and keeps one per number.
/// </summary>
[Alias("sms.IContactBookGrain")]
public interface IContactBookGrain : IGrainWithStringKey
{
    /// <summary>The grain key of a tenant's contacts in an environment.</summary>
    static string KeyFor(string tenantId, string environment) => $"{tenantId}|{environment}";

    /// <summary>Creates a contact; <c>contact_exists</c> (with the existing id) when the number is one already.</summary>
    [Alias("CreateAsync")]
    Task<SmsResult<Contact>> CreateAsync(ContactChanges values);

    /// <summary>The contact, or null.</summary>
    [Alias("GetAsync")]
    Task<Contact?> GetAsync(string contactId);

    /// <summary>The contact with this number (any common format), or null.</summary>
    [Alias("FindByPhoneAsync")]
    Task<Contact?> FindByPhoneAsync(string phoneNumber);

    /// <summary>What conversations show of the contacts with these E.164 numbers: number → reference (numbers that are no contact are left out).</summary>
    [Alias("FindRefsAsync")]
    Task<IReadOnlyDictionary<string, ContactRef>> FindRefsAsync(IReadOnlyList<string> phoneNumbers);

    /// <summary>Applies <paramref name="changes"/>; <c>not_found</c>, <c>invalid_contact</c>, <c>contact_exists</c>.</summary>
    [Alias("UpdateAsync")]
    Task<SmsResult<Contact>> UpdateAsync(string contactId, ContactChanges changes);

    /// <summary>Deletes the contact (its conversations stay); false when there was none.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(string contactId);

    /// <summary>A page of contacts; <paramref name="query"/> is a case-insensitive substring of name, company or email.</summary>
    [Alias("ListAsync")]
    Task<SmsResult<ContactPage>> ListAsync(string? query, string? cursor, int limit);
}
