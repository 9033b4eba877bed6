using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// Reads a contact CSV (docs/api.md: CSV imports) record by record, never wholly in memory: UTF-8 with or without BOM, the delimiter
/// (<c>,</c> <c>;</c> or tab) detected from the header line, RFC 4180 quoting (delimiters, doubled quotes and line breaks
/// inside quotes), blank lines skipped. The caller keeps ownership of the stream.
/// </summary>
public sealed class ContactCsvReader : IAsyncDisposable
{
    /// <summary>
    /// Largest record read: far above any valid row (7 members of 200 and 50 fields of 1,000 characters), small enough that
    /// an unclosed quote cannot pull the rest of a 50 MB file into memory.
    /// </summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private readonly CsvReader _csv;
    private readonly ContactCsvRows _rows;

    private ContactCsvReader(CsvReader csv, char delimiter, IReadOnlyList<string> header, IReadOnlyList<string> targets)
    {
        _csv = csv;
        _rows = new ContactCsvRows(header, targets);
        Delimiter = delimiter;
        Header = header;
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i], targets[i]);
        }
        Columns = columns;
    }

    /// <summary>The delimiter detected from the header line.</summary>
    public char Delimiter { get; }

    /// <summary>The header, as in the file.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Column header → target: a member (<c>phone_number</c>, <c>name</c>, ...), <c>fields.&lt;key&gt;</c> or <c>ignore</c>.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }

    /// <summary>
    /// Opens <paramref name="utf8"/> and resolves its columns (auto-mapping, then <paramref name="mappingJson"/>). Refuses
    /// <c>invalid_csv</c> (not UTF-8, empty), <c>invalid_mapping</c> and <c>phone_column_missing</c>.
    /// </summary>
    public static async Task<SmsResult<ContactCsvReader>> OpenAsync(Stream utf8, string? mappingJson, CancellationToken ct = default)
    {
        var opened = await OpenCsvAsync(utf8, ct).ConfigureAwait(false);
        if (opened.Error is not null)
        {
            return SmsResult<ContactCsvReader>.Fail(opened.Error);
        }
        var (csv, delimiter) = opened.Value;
        var header = csv.Headers.ToArray();
        var targets = ContactCsvColumns.Resolve(header, mappingJson);
        if (!targets.Succeeded)
        {
            await csv.DisposeAsync().ConfigureAwait(false);
            return SmsResult<ContactCsvReader>.Fail(targets.Error);
        }
        return SmsResult<ContactCsvReader>.Ok(new ContactCsvReader(csv, delimiter, header, targets.Value));
    }

    /// <summary>
    /// Counts the data records of <paramref name="utf8"/> as <see cref="ReadRowsAsync"/> numbers them (for <c>rows_total</c>),
    /// without building them; 0 for a file <see cref="OpenAsync"/> refuses as <c>invalid_csv</c>.
    /// </summary>
    public static async Task<int> CountRecordsAsync(Stream utf8, CancellationToken ct = default)
    {
        var opened = await OpenCsvAsync(utf8, ct).ConfigureAwait(false);
        if (opened.Error is not null)
        {
            return 0;
        }
        await using var csv = opened.Value.Csv;
        var count = 0;
        while (await NextAsync(csv, ct).ConfigureAwait(false) is var next && next != Next.End)
        {
            count += next == Next.Blank ? 0 : 1;
            if (next == Next.TooLarge)
            {
                break;
            }
        }
        return count;
    }

    /// <summary>
    /// The data records in file order, from record <paramref name="skipRecords"/> + 1 on (to resume an import); enumerate once.
    /// A record with a cell count other than the header's, bytes that are not UTF-8 or over <see cref="MaxRecordBytes"/> is an
    /// <c>invalid_row</c> (the last one, for an oversized record: what follows it cannot be told apart).
    /// </summary>
    public async IAsyncEnumerable<ImportRow> ReadRowsAsync(int skipRecords = 0, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var row = 0;
        while (await NextAsync(_csv, ct).ConfigureAwait(false) is var next && next != Next.End)
        {
            if (next == Next.Blank)
            {
                continue;
            }
            if (++row > skipRecords)
            {
                yield return Build(next, row);
            }
            if (next == Next.TooLarge)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private ImportRow Build(Next next, int row) => next switch
    {
        Next.TooLarge or Next.NotUtf8 => new ImportRow(row, null, ImportRowError.Of(row, null, SmsErrorCodes.InvalidRow, null)),
        _ when _csv.FieldCount != Header.Count =>
            new ImportRow(row, null, ImportRowError.Of(row, null, SmsErrorCodes.InvalidRow, Encoding.UTF8.GetString(_csv.RawRecord))),
        _ => _rows.Build(row, Cells()),
    };

    private string[] Cells()
    {
        var cells = new string[_csv.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _csv.GetString(i) ?? "";
        }
        return cells;
    }

    private enum Next { End, Record, Blank, NotUtf8, TooLarge }

    private static async ValueTask<Next> NextAsync(CsvReader csv, CancellationToken ct)
    {
        try
        {
            if (!await csv.ReadAsync(ct).ConfigureAwait(false))
            {
                return Next.End;
            }
        }
        catch (CsvFormatException)
        {
            // With quoting recovered and any cell count allowed, the reader throws only for a record over MaxRecordSize.
            return Next.TooLarge;
        }
        if (!Utf8.IsValid(csv.RawRecord))
        {
            return Next.NotUtf8;
        }
        // Spreadsheets save an empty row as ",,,": a record of empty cells is a blank line.
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!csv.GetSpan(i).Trim(" \t"u8).IsEmpty)
            {
                return Next.Record;
            }
        }
        return Next.Blank;
    }

    private static async Task<SmsResult<(CsvReader Csv, char Delimiter)>> OpenCsvAsync(Stream utf8, CancellationToken ct)
    {
        var start = await CsvHeaderLine.ReadAsync(utf8, ct).ConfigureAwait(false);
        if (start.Problem is not null)
        {
            return SmsResult<(CsvReader, char)>.Fail(SmsErrorCodes.InvalidCsv, start.Problem);
        }
        var options = new CsvReaderOptions
        {
            Separator = start.Delimiter,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            MaxRecordSize = MaxRecordBytes,
        };
        var csv = CsvReader.Create(new ReplayStream(start.Start, utf8), options, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(ct).ConfigureAwait(false);
        }
        catch (CsvFormatException)
        {
            await csv.DisposeAsync().ConfigureAwait(false);
            return SmsResult<(CsvReader, char)>.Fail(SmsErrorCodes.InvalidCsv, "The header line cannot be read.");
        }
        return SmsResult<(CsvReader, char)>.Ok((csv, start.Delimiter));
    }
}
