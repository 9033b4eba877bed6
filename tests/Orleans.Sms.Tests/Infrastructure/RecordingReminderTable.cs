using System.Collections.Concurrent;

namespace Orleans.Sms.Tests.Infrastructure;

/// <summary>
/// An in-memory reminder table shared by every silo of a test cluster (reminders survive a killed silo, as
/// with a real table), counting the writes each grain makes so tests can assert the cost of the timers.
/// </summary>
public sealed class RecordingReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId, string), ReminderEntry> _rows = new();
    private readonly ConcurrentDictionary<GrainId, int> _upserts = new();
    private readonly ConcurrentDictionary<GrainId, int> _removes = new();

    public int UpsertsOf(GrainId grainId) => _upserts.GetValueOrDefault(grainId);

    public int RemovesOf(GrainId grainId) => _removes.GetValueOrDefault(grainId);

    public ReminderEntry? Find(GrainId grainId, string name) => _rows.GetValueOrDefault((grainId, name));

    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(_rows.Values.Where(e => e.GrainId == grainId).ToList()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Task.FromResult(new ReminderTableData(_rows.Values.Where(e => InRange(e.GrainId.GetUniformHashCode(), begin, end)).ToList()));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(_rows.GetValueOrDefault((grainId, reminderName)));

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        entry.ETag = Guid.NewGuid().ToString("N");
        _rows[(entry.GrainId, entry.ReminderName)] = entry;
        _upserts.AddOrUpdate(entry.GrainId, 1, (_, n) => n + 1);
        return Task.FromResult<string?>(entry.ETag);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var key = (grainId, reminderName);
        if (_rows.TryGetValue(key, out var entry) && entry.ETag == eTag && _rows.TryRemove(key, out _))
        {
            _removes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
            return Task.FromResult(true);
        }
        return Task.FromResult(false);
    }

    public Task TestOnlyClearTable()
    {
        _rows.Clear();
        return Task.CompletedTask;
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
