using System.Collections.Concurrent;

using Orleans.Sms.Testing.Hosting;

namespace Orleans.Sms.Tests.Infrastructure.Storage;

/// <summary>
/// Counts the reminder writes each grain makes through the reminder table of every silo of a cluster, whichever table
/// the storage mode registered (it decorates it), so tests can assert the cost of the timers; <see cref="FindAsync"/>
/// reads the table itself.
/// </summary>
public sealed class ReminderTableProbe(Func<IReminderTable> liveTable)
{
    private readonly ConcurrentDictionary<GrainId, int> _upserts = new();
    private readonly ConcurrentDictionary<GrainId, int> _removes = new();

    public int UpsertsOf(GrainId grainId) => _upserts.GetValueOrDefault(grainId);

    public int RemovesOf(GrainId grainId) => _removes.GetValueOrDefault(grainId);

    /// <summary>The reminder as the table holds it now (read through a live silo), or null.</summary>
    public Task<ReminderEntry?> FindAsync(GrainId grainId, string name) => liveTable().ReadRow(grainId, name);

    /// <summary>Wraps the silo's reminder table; call after the storage mode registered it.</summary>
    public void Attach(IServiceCollection services) =>
        services.Decorate<IReminderTable>(null, (_, inner) => new Counting(inner, this));

    // Every member forwards to the same overload of the table it wraps (Orleans calls the ones with a token, older
    // tables implement the ones without), and the writes are counted once they succeeded.
    private sealed class Counting(IReminderTable inner, ReminderTableProbe probe) : IReminderTable
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

#pragma warning disable CS0618 // Init is obsolete, and still part of the interface to forward.
        public Task Init() => inner.Init();
#pragma warning restore CS0618

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
            inner.ReadRows(grainId, cancellationToken);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

        public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
            inner.ReadRows(begin, end, cancellationToken);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
            inner.ReadRow(grainId, reminderName, cancellationToken);

        public Task<string?> UpsertRow(ReminderEntry entry) => Counted(entry, inner.UpsertRow(entry));

        public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) =>
            Counted(entry, inner.UpsertRow(entry, cancellationToken));

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
            Counted(grainId, inner.RemoveRow(grainId, reminderName, eTag));

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
            Counted(grainId, inner.RemoveRow(grainId, reminderName, eTag, cancellationToken));

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

        public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);

        private async Task<string?> Counted(ReminderEntry entry, Task<string?> upsert)
        {
            var etag = await upsert;
            probe._upserts.AddOrUpdate(entry.GrainId, 1, (_, n) => n + 1);
            return etag;
        }

        private async Task<bool> Counted(GrainId grainId, Task<bool> remove)
        {
            var removed = await remove;
            if (removed)
            {
                probe._removes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
            }
            return removed;
        }
    }
}
