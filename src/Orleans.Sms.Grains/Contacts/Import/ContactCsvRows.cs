using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Contacts.Import;

/// <summary>Turns the cells of one data record into the <see cref="ImportRow"/> it asks for (docs/api.md: Contacts, CSV imports).</summary>
/// <param name="header">The header of the file.</param>
/// <param name="targets">The target of each column (<see cref="ContactCsvColumns.Resolve"/>).</param>
internal sealed class ContactCsvRows(IReadOnlyList<string> header, IReadOnlyList<string> targets)
{
    private readonly int _phoneColumn = targets.ToList().IndexOf(ContactMembers.PhoneNumber);
    private readonly Dictionary<string, int> _columnOf = targets
        .Select((target, i) => (target, i))
        .Where(t => t.target != ContactCsvColumns.Ignore)
        .ToDictionary(t => t.target, t => t.i, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="cells"/>, which has as many cells as the header.</summary>
    public ImportRow Build(int row, IReadOnlyList<string> cells)
    {
        var phoneCell = cells[_phoneColumn];
        var phone = phoneCell.Trim();
        if (!SpreadsheetPhone.LooksWritten(phone) || !E164.TryNormalize(phone, out var e164))
        {
            return Fail(row, header[_phoneColumn], SmsErrorCodes.InvalidPhoneNumber, phoneCell);
        }

        var members = new Dictionary<string, string?>(StringComparer.Ordinal) { [ContactMembers.PhoneNumber] = e164 };
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Count; i++)
        {
            var target = targets[i];
            var value = cells[i].Trim();
            if (i == _phoneColumn || target == ContactCsvColumns.Ignore || value.Length == 0)
            {
                continue;
            }
            if (target.StartsWith(ContactMembers.FieldPrefix, StringComparison.Ordinal))
            {
                fields[target[ContactMembers.FieldPrefix.Length..]] = value;
            }
            else
            {
                members[target] = value;
            }
        }

        var changes = new ContactChanges(members, fields);
        // The rules of a new contact: a row's own values must hold whatever contact it updates. (Whether an existing
        // contact's fields plus the row's exceed 50 is for the import to check when it applies the row.)
        var outcome = ContactRules.Apply(null, changes, "ct_import", DateTimeOffset.UnixEpoch);
        if (outcome.Error is { } error)
        {
            // "fields" (too many fields) is no one column's fault.
            return _columnOf.TryGetValue(error.Member, out var column)
                ? Fail(row, header[column], error.Code, cells[column])
                : Fail(row, null, error.Code, null);
        }
        return new ImportRow(row, changes, null);
    }

    private static ImportRow Fail(int row, string? column, string code, string? value) =>
        new(row, null, ImportRowError.Of(row, column, code, value));
}
