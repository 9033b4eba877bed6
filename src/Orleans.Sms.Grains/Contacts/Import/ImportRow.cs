namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// One row error as an import shows it (docs/api.md: CSV imports): <c>{"row":7,"column":"Phone","code":"invalid_phone_number","value":"555-01"}</c>.
/// </summary>
/// <param name="Row">The 1-based number of the data record (the header and blank lines not counted).</param>
/// <param name="Column">The header of the offending column; null when the whole row is at fault (<c>invalid_row</c>).</param>
/// <param name="Code"><c>invalid_row</c>, <c>invalid_phone_number</c> or <c>invalid_contact</c>.</param>
/// <param name="Value">
/// The offending cell as read (the raw record for <c>invalid_row</c>), cut to <see cref="MaxValueLength"/> characters so that
/// a thousand listed errors stay small in the import's state.
/// </param>
[GenerateSerializer, Immutable, Alias("sms.ImportRowError")]
public sealed record class ImportRowError(
    [property: Id(0)] int Row,
    [property: Id(1)] string? Column,
    [property: Id(2)] string Code,
    [property: Id(3)] string? Value)
{
    /// <summary>Longest <see cref="Value"/> kept; a longer one ends with "…".</summary>
    public const int MaxValueLength = 200;

    /// <summary>An error whose value is cut to <see cref="MaxValueLength"/>.</summary>
    public static ImportRowError Of(int row, string? column, string code, string? value) =>
        new(row, column, code, value is { Length: > MaxValueLength } ? string.Concat(value.AsSpan(0, MaxValueLength - 1), "…") : value);
}

/// <summary>One data record of a contact CSV: the changes it asks for (non-empty cells only), or why it cannot be imported.</summary>
/// <param name="Row">The 1-based number of the data record.</param>
/// <param name="Changes">
/// The changes, when the row is valid: <c>phone_number</c> already in E.164, every other non-empty cell trimmed; empty cells
/// are absent, so they change nothing on an existing contact.
/// </param>
/// <param name="Error">The row error, when the row is not valid.</param>
[GenerateSerializer, Immutable, Alias("sms.ImportRow")]
public sealed record class ImportRow(
    [property: Id(0)] int Row,
    [property: Id(1)] ContactChanges? Changes,
    [property: Id(2)] ImportRowError? Error);
