using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Sms.Tests.Infrastructure;

/// <summary>
/// Grain storage shared by every silo of a test cluster (so state survives a killed silo, as real storage
/// does), with ETag checks like a real provider, and with what tests need to look at: the write count and
/// the serialized size of each grain's state.
/// </summary>
public sealed class InspectableGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, (byte[] Data, string ETag)> _rows = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    // A serializer of its own: the storage outlives any one silo (tests kill silos), so it cannot borrow a silo's.
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public int WritesOf(GrainId grainId) => _writes.GetValueOrDefault(grainId);

    public int SizeOf(GrainId grainId) => _rows.TryGetValue(grainId, out var row) ? row.Data.Length : 0;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue(grainId, out var row))
        {
            grainState.State = _serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = _serializer.SerializeToArray(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        _rows.AddOrUpdate(
            grainId,
            _ => grainState.ETag is null ? (data, etag) : throw Conflict(grainId),
            (_, current) => current.ETag == grainState.ETag ? (data, etag) : throw Conflict(grainId));
        _writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _rows.TryRemove(grainId, out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static InconsistentStateException Conflict(GrainId grainId) =>
        new($"ETag mismatch writing {grainId}.");
}
