using Orleans.Sms.Contacts;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>One entry of an add that names a contact: its 1-based row in the request, its number and its contact.</summary>
public sealed record class AudienceEntry(int Row, string PhoneNumber, string ContactId);

/// <summary>What the entries of an add resolved to: contacts, rows that could not be added, and numbers repeated in the list.</summary>
public sealed record class ResolvedAudience(IReadOnlyList<AudienceEntry> Entries, IReadOnlyList<RecipientAddError> Errors, int Repeated);

/// <summary>
/// Resolves the entries of <c>POST /v1/campaigns/{id}/recipients</c> to contacts of the owner (docs/api.md: Campaigns): contact ids
/// must be the owner's; numbers are normalised and those that are not contacts become contacts (in as few store writes
/// as the store can). A number repeated in the list is already present from its second row on.
/// </summary>
internal sealed class CampaignAudience(IContactStore contacts)
{
    /// <summary>The most entries one request may carry.</summary>
    public const int MaxPerRequest = 10_000;

    private const int Parallelism = 16;

    public async Task<ResolvedAudience> ResolveAsync(ResourceOwner owner, RecipientList list, DateTimeOffset now)
    {
        var errors = new List<RecipientAddError>();
        var entries = new List<AudienceEntry>();
        if (list.ContactIds is { } ids)
        {
            var found = await ReadAllAsync(ids, id => contacts.GetAsync(owner, id));
            for (var i = 0; i < ids.Count; i++)
            {
                if (found[i] is { } stored)
                {
                    entries.Add(new AudienceEntry(i + 1, stored.Contact.PhoneNumber, stored.Contact.ContactId));
                }
                else
                {
                    errors.Add(new RecipientAddError(i + 1, SmsErrorCodes.NotFound, ids[i]));
                }
            }
        }
        else
        {
            await ResolveNumbersAsync(owner, list.PhoneNumbers ?? [], now, entries, errors);
        }
        var distinct = entries.DistinctBy(e => e.PhoneNumber).ToList();
        return new ResolvedAudience(distinct, errors, entries.Count - distinct.Count);
    }

    private async Task ResolveNumbersAsync(
        ResourceOwner owner, IReadOnlyList<string> numbers, DateTimeOffset now, List<AudienceEntry> entries, List<RecipientAddError> errors)
    {
        var rows = new List<(int Row, string Phone)>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (E164.TryNormalize(numbers[i], out var phone))
            {
                rows.Add((i + 1, phone));
            }
            else
            {
                errors.Add(new RecipientAddError(i + 1, SmsErrorCodes.InvalidPhoneNumber, numbers[i]));
            }
        }
        var phones = rows.Select(r => r.Phone).Distinct().ToList();
        var known = (await ReadAllAsync(phones, phone => contacts.FindByPhoneAsync(owner, phone)))
            .Where(c => c is not null).ToDictionary(c => c!.Contact.PhoneNumber, c => c!.Contact.ContactId);
        var fresh = phones.Where(p => !known.ContainsKey(p))
            .Select(p => new Contact(ContactShard.NewId(p), p, null, null, null, null, null, null, new Dictionary<string, string>(), now, now))
            .ToList();
        var notAdded = (await contacts.AddAllAsync(owner, fresh)).Select(c => c.PhoneNumber).ToHashSet();
        foreach (var contact in fresh.Where(c => !notAdded.Contains(c.PhoneNumber)))
        {
            known[contact.PhoneNumber] = contact.ContactId;
        }
        foreach (var phone in notAdded)
        {
            // Someone made a contact of it meanwhile: use theirs; or add it alone.
            var holder = await contacts.FindByPhoneAsync(owner, phone);
            var id = holder?.Contact.ContactId ?? ContactShard.NewId(phone);
            if (holder is null && await contacts.AddAsync(owner, fresh.First(c => c.PhoneNumber == phone) with { ContactId = id }) is { } other)
            {
                id = other;
            }
            known[phone] = id;
        }
        entries.AddRange(rows.Select(r => new AudienceEntry(r.Row, r.Phone, known[r.Phone])));
    }

    /// <summary>Reads <paramref name="keys"/> a few at a time, results in order.</summary>
    private static async Task<T?[]> ReadAllAsync<T>(IReadOnlyList<string> keys, Func<string, Task<T?>> read) where T : class
    {
        var results = new T?[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, _) => results[i] = await read(keys[i]));
        return results;
    }
}
