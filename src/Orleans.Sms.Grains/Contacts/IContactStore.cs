using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts;

/// <summary>
/// Where contacts live: process memory on the embedded default, Azure tables otherwise. One contact per phone number per
/// owner is the store's to keep, so two racing writers cannot both make one. Point reads by number and by id; lists in
/// phone-number order.
/// </summary>
public interface IContactStore
{
    /// <summary>The contact with this id, or null.</summary>
    Task<StoredContact?> GetAsync(ResourceOwner owner, string contactId, CancellationToken cancellationToken = default);

    /// <summary>The contact with this E.164 number, or null.</summary>
    Task<StoredContact?> FindByPhoneAsync(ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken = default);

    /// <summary>Adds a contact; the id of the contact that has its number already, or null when added.</summary>
    Task<string?> AddAsync(ResourceOwner owner, Contact contact, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds new contacts (distinct numbers) in as few writes as the store can: what an import uses. Returns the contacts it
    /// did not add (a number among their write's is a contact already; the caller goes on with those one by one).
    /// </summary>
    Task<IReadOnlyList<Contact>> AddAllAsync(ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken = default);

    /// <summary>Replaces <paramref name="previous"/> by <paramref name="updated"/> unless it changed since it was read.</summary>
    Task<ContactReplace> ReplaceAsync(ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken = default);

    /// <summary>Deletes the contact unless it changed since it was read; false when it did (read again and retry).</summary>
    Task<bool> DeleteAsync(ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of contacts after <paramref name="after"/> (a position a previous page returned; null: from the start), in an
    /// order the store keeps stable, whose name, company or email contains <paramref name="query"/> (lower case; null: all).
    /// Looks at a bounded number of contacts per call: a page may hold fewer than <paramref name="limit"/> and still have a
    /// next one.
    /// </summary>
    Task<ContactScan> ListAsync(ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A contact as read, with the version a conditional write checks.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="Version">Opaque version (an ETag on tables).</param>
public sealed record class StoredContact(Contact Contact, string Version);

/// <summary>The outcome of <see cref="IContactStore.ReplaceAsync"/>.</summary>
/// <param name="Replaced">True when written.</param>
/// <param name="PhoneTakenBy">The contact that has the new number already, when that refused it.</param>
public sealed record class ContactReplace(bool Replaced, string? PhoneTakenBy)
{
    /// <summary>Written.</summary>
    public static ContactReplace Done { get; } = new(true, null);
    /// <summary>Changed since read: read again and retry.</summary>
    public static ContactReplace Stale { get; } = new(false, null);
}

/// <summary>One page of a scan, and the phone number to continue after (null at the end).</summary>
/// <param name="Contacts">Matching contacts.</param>
/// <param name="ContinueAfter">Where the next page starts; null when the scan is complete.</param>
public sealed record class ContactScan(IReadOnlyList<Contact> Contacts, string? ContinueAfter);
