using Orleans.Sms.Campaigns;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts.Import;

/// <summary>What a batch did, and the contact of each row that made or changed one (in row order): an audience import adds them.</summary>
internal sealed record class AppliedBatch(ImportBatchResult Result, IReadOnlyList<ImportedRecipient> Contacts);

/// <summary>
/// Writes one batch of import rows (distinct numbers) to the contact store. New contacts go in together (on tables, one
/// transaction per shard of up to 50 contacts); the rows the store could not add that way (their number is a contact
/// already) are read and created or updated one by one (non-empty cells win, empty cells change nothing), a few at a time. Every row ends counted in exactly one of created, updated and failed.
/// </summary>
internal sealed class ContactImportBatch(IContactStore store, ResourceOwner owner, TimeProvider clock)
{
    /// <summary>Rows written at once when they cannot all go in one transaction.</summary>
    private const int Parallelism = 8;
    private const int MaxAttempts = 8;

    /// <param name="rows">Records in file order; no two with the same number.</param>
    /// <param name="columnOf">The CSV column of a contact member, for row errors.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    public async Task<AppliedBatch> ApplyAsync(IReadOnlyList<ImportRow> rows, Func<string, string?> columnOf, CancellationToken cancellationToken)
    {
        var errors = new List<ImportRowError>();
        var valid = new List<(ImportRow Row, Contact Contact)>(rows.Count);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            if (row.Error is { } error)
            {
                errors.Add(error);
                continue;
            }
            var made = ContactRules.Apply(null, row.Changes!, now);
            if (made.Error is { } invalid)
            {
                errors.Add(ErrorOf(row, invalid, columnOf));
                continue;
            }
            valid.Add((row, made.Contact!));
        }

        var notAdded = (await store.AddAllAsync(owner, valid.Select(v => v.Contact).ToList(), cancellationToken))
            .Select(c => c.ContactId).ToHashSet(StringComparer.Ordinal);
        var created = valid.Count - notAdded.Count;
        var updated = 0;
        var contacts = valid.Where(v => !notAdded.Contains(v.Contact.ContactId))
            .Select(v => (v.Row.Row, new ImportedRecipient(v.Contact.PhoneNumber, v.Contact.ContactId))).ToList();
        if (notAdded.Count > 0)
        {
            using var slots = new SemaphoreSlim(Parallelism);
            var outcomes = await Task.WhenAll(valid.Where(v => notAdded.Contains(v.Contact.ContactId)).Select(async v =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    return await UpsertAsync(v.Row, v.Contact.PhoneNumber, columnOf, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }));
            created += outcomes.Count(o => o.Created);
            updated = outcomes.Count(o => o.Updated);
            errors.AddRange(outcomes.Select(o => o.Error).OfType<ImportRowError>());
            contacts.AddRange(outcomes.Where(o => o.Contact is not null).Select(o => (o.Row, o.Contact!)));
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        contacts.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new AppliedBatch(
            new ImportBatchResult(rows.Count == 0 ? 0 : rows[^1].Row, created, updated, errors), contacts.Select(c => c.Item2).ToList());
    }

    private async Task<(int Row, bool Created, bool Updated, ImportRowError? Error, ImportedRecipient? Contact)> UpsertAsync(
        ImportRow row, string phone, Func<string, string?> columnOf, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.FindByPhoneAsync(owner, phone, cancellationToken);
            var changed = ContactRules.Apply(existing?.Contact, row.Changes!, clock.GetUtcNow());
            if (changed.Error is { } invalid)
            {
                return (row.Row, false, false, ErrorOf(row, invalid, columnOf), null);
            }
            var contact = new ImportedRecipient(changed.Contact!.PhoneNumber, changed.Contact.ContactId);
            if (existing is null)
            {
                if (await store.AddAsync(owner, changed.Contact!, cancellationToken) is null)
                {
                    return (row.Row, true, false, null, contact);
                }
            }
            else if ((await store.ReplaceAsync(owner, existing, changed.Contact!, cancellationToken)).Replaced)
            {
                return (row.Row, false, true, null, contact);
            }
        }
        throw new InvalidOperationException($"The contact of {phone} kept changing while row {row.Row} was imported.");
    }

    private static ImportRowError ErrorOf(ImportRow row, ContactRuleError error, Func<string, string?> columnOf) =>
        new(row.Row, columnOf(error.Member), error.Code, error.Value);
}
