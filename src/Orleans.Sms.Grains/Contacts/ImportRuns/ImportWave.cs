namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// Rows gathered into batches that are written at once: at most <see cref="ContactImportOptions.Parallelism"/> batches of
/// <see cref="ContactImportOptions.BatchSize"/> rows, no number twice. Written together, they report as one batch result.
/// </summary>
internal sealed class ImportWave(ContactImportBatch writer, IReadOnlyDictionary<string, string> columns, ContactImportOptions options)
{
    private readonly List<List<ImportRow>> _batches = [];
    private readonly HashSet<string> _phones = new(StringComparer.Ordinal);

    public bool IsEmpty => _batches.Count == 0;

    /// <summary>Adds the row; false when the wave is full or already holds its number (write the wave, then add it).</summary>
    public bool TryAdd(ImportRow row, string? phone)
    {
        if (phone is not null && _phones.Contains(phone))
        {
            return false;
        }
        if (_batches.Count == 0 || _batches[^1].Count == options.BatchSize)
        {
            if (_batches.Count == Math.Max(1, options.Parallelism))
            {
                return false;
            }
            _batches.Add(new List<ImportRow>(options.BatchSize));
        }
        _batches[^1].Add(row);
        if (phone is not null)
        {
            _phones.Add(phone);
        }
        return true;
    }

    /// <summary>Writes every batch at once and empties the wave; what they did, as one result.</summary>
    public async Task<ImportBatchResult> WriteAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_batches.Select(batch => writer.ApplyAsync(batch, member => columns.GetValueOrDefault(member), cancellationToken)));
        _batches.Clear();
        _phones.Clear();
        return new ImportBatchResult(
            results.Max(r => r.ProcessedThrough), results.Sum(r => r.Created), results.Sum(r => r.Updated),
            [.. results.SelectMany(r => r.Errors).OrderBy(e => e.Row)]);
    }
}
