using System.Collections.Concurrent;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts;

/// <summary>
/// The embedded default's contacts: process memory, one instance per silo (like the memory archive), gone with the
/// process. A lock per owner keeps one contact per number.
/// </summary>
public sealed class MemoryContactStore : IContactStore
{
    private readonly ConcurrentDictionary<ResourceOwner, Book> _books = new();

    public Task<StoredContact?> GetAsync(ResourceOwner owner, string contactId, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            return Task.FromResult(book.ById.TryGetValue(contactId, out var phone) ? book.ByPhone[phone] : null);
        }
    }

    public Task<StoredContact?> FindByPhoneAsync(ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            return Task.FromResult(book.ByPhone.GetValueOrDefault(phoneNumber));
        }
    }

    public Task<string?> AddAsync(ResourceOwner owner, Contact contact, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            if (book.ByPhone.TryGetValue(contact.PhoneNumber, out var existing))
            {
                return Task.FromResult<string?>(existing.Contact.ContactId);
            }
            book.Put(contact);
            return Task.FromResult<string?>(null);
        }
    }

    public Task<IReadOnlyList<Contact>> AddAllAsync(ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        var taken = new List<Contact>();
        lock (book)
        {
            foreach (var contact in contacts)
            {
                if (book.ByPhone.ContainsKey(contact.PhoneNumber))
                {
                    taken.Add(contact);
                }
                else
                {
                    book.Put(contact);
                }
            }
        }
        return Task.FromResult<IReadOnlyList<Contact>>(taken);
    }

    public Task<ContactReplace> ReplaceAsync(ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            if (!book.ById.TryGetValue(previous.Contact.ContactId, out var phone) || book.ByPhone[phone].Version != previous.Version)
            {
                return Task.FromResult(ContactReplace.Stale);
            }
            if (updated.PhoneNumber != phone && book.ByPhone.TryGetValue(updated.PhoneNumber, out var holder))
            {
                return Task.FromResult(new ContactReplace(false, holder.Contact.ContactId));
            }
            book.Remove(previous.Contact.ContactId, phone);
            book.Put(updated);
            return Task.FromResult(ContactReplace.Done);
        }
    }

    public Task<bool> DeleteAsync(ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            if (!book.ById.TryGetValue(contact.Contact.ContactId, out var phone) || book.ByPhone[phone].Version != contact.Version)
            {
                return Task.FromResult(false);
            }
            book.Remove(contact.Contact.ContactId, phone);
            return Task.FromResult(true);
        }
    }

    public Task<ContactScan> ListAsync(ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken = default)
    {
        var book = BookOf(owner);
        lock (book)
        {
            var page = new List<Contact>(limit);
            string? last = null;
            foreach (var phone in book.PhonesAfter(after))
            {
                var stored = book.ByPhone[phone];
                if (page.Count == limit)
                {
                    return Task.FromResult(new ContactScan(page, last));
                }
                last = phone;
                if (ContactSearch.Matches(stored.Contact, query))
                {
                    page.Add(stored.Contact);
                }
            }
            return Task.FromResult(new ContactScan(page, null));
        }
    }

    private Book BookOf(ResourceOwner owner) => _books.GetOrAdd(owner, _ => new Book());

    private sealed class Book
    {
        private long _version;

        private readonly SortedSet<string> _phones = new(StringComparer.Ordinal);

        public Dictionary<string, StoredContact> ByPhone { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> ById { get; } = new(StringComparer.Ordinal);

        public void Put(Contact contact)
        {
            ByPhone[contact.PhoneNumber] = new StoredContact(contact, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            ById[contact.ContactId] = contact.PhoneNumber;
            _phones.Add(contact.PhoneNumber);
        }

        public void Remove(string contactId, string phone)
        {
            ByPhone.Remove(phone);
            ById.Remove(contactId);
            _phones.Remove(phone);
        }

        /// <summary>Numbers after <paramref name="after"/> in order, found by range rather than by walking from the start.</summary>
        public IEnumerable<string> PhonesAfter(string? after)
        {
            if (_phones.Count == 0 || after is not null && string.CompareOrdinal(after, _phones.Max) >= 0)
            {
                return [];
            }
            return after is null ? _phones : _phones.GetViewBetween(after, _phones.Max!).Where(p => p != after);
        }
    }
}
