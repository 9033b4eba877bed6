namespace Orleans.Sms.Benchmarks.Storage;

/// <summary>
/// Requests counted by the proxy: by (table, method), the operations inside batches by table, and grain state writes by
/// state name (the <c>[PersistentState]</c> name: <c>conversation</c>, <c>campaign</c>, …).
/// </summary>
internal sealed record class StorageCounts(
    IReadOnlyDictionary<(string Table, string Method), int> Requests, IReadOnlyDictionary<string, int> BatchOperations,
    IReadOnlyDictionary<string, int> StateWrites)
{
    private static readonly string[] Reads = ["GET", "HEAD"];

    public static StorageCounts operator -(StorageCounts after, StorageCounts before) => new(
        after.Requests.ToDictionary(p => p.Key, p => p.Value - before.Requests.GetValueOrDefault(p.Key)),
        after.BatchOperations.ToDictionary(p => p.Key, p => p.Value - before.BatchOperations.GetValueOrDefault(p.Key), StringComparer.Ordinal),
        after.StateWrites.ToDictionary(p => p.Key, p => p.Value - before.StateWrites.GetValueOrDefault(p.Key), StringComparer.Ordinal));

    /// <summary>Write requests (upserts, inserts, merges, deletes, batches) to <paramref name="table"/>.</summary>
    public int Writes(string table) => Requests.Where(p => p.Key.Table == table && !Reads.Contains(p.Key.Method)).Sum(p => p.Value);

    public int Deletes(string table) => Requests.GetValueOrDefault((table, "DELETE"));

    public int ReadsOf(string table) => Requests.Where(p => p.Key.Table == table && Reads.Contains(p.Key.Method)).Sum(p => p.Value);

    public int AllWrites => Requests.Where(p => !Reads.Contains(p.Key.Method)).Sum(p => p.Value);

    /// <summary>Write requests by table, most first (tables without writes left out).</summary>
    public IEnumerable<(string Table, int Writes)> WritesByTable() => Requests.Where(p => !Reads.Contains(p.Key.Method))
        .GroupBy(p => p.Key.Table, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(p => p.Value))).Where(t => t.Item2 != 0).OrderByDescending(t => t.Item2);

    public int AllReads => Requests.Where(p => Reads.Contains(p.Key.Method)).Sum(p => p.Value);

    public int Total => Requests.Values.Sum();

    /// <summary>Every table with any request, e.g. for a breakdown line.</summary>
    public string Describe() => string.Join(", ", Requests.Where(p => p.Value != 0).OrderBy(p => p.Key.Table, StringComparer.Ordinal)
        .ThenBy(p => p.Key.Method, StringComparer.Ordinal).Select(p => $"{p.Key.Table} {p.Key.Method} {p.Value}"));
}
