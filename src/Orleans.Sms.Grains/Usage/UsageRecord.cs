using Orleans.Storage;

namespace Orleans.Sms.Usage;

/// <summary>
/// One page of a day's usage in storage (<see cref="UsageLedger"/>). Writes are coalesced: a change made while a write is
/// under way joins the next one, so a busy page costs one write per round trip to storage, not one per message.
/// </summary>
internal sealed class UsageRecord
{
    private readonly IGrainStorage _storage;
    private readonly GrainId _grainId;
    private readonly string _stateName;
    private readonly GrainState<UsageState> _record;
    private Task? _writing;
    private long _version;
    private long _writtenVersion;

    /// <param name="storage">The engine's grain storage.</param>
    /// <param name="grainId">The day's grain.</param>
    /// <param name="page">The page's number.</param>
    /// <param name="state">A new page's state; null to read it with <see cref="ReadAsync"/>.</param>
    public UsageRecord(IGrainStorage storage, GrainId grainId, int page, UsageState? state = null)
    {
        (_storage, _grainId, _stateName) = (storage, grainId, UsageLedger.StateName(page));
        _record = new GrainState<UsageState>(state ?? new UsageState());
    }

    public UsageState State => _record.State!; // never null: set at construction and after the read

    /// <summary>Changes not yet in storage.</summary>
    public bool Unwritten => _writtenVersion < _version;

    public async Task<UsageState> ReadAsync()
    {
        await _storage.ReadStateAsync(_stateName, _grainId, _record);
        _record.State ??= new UsageState();
        return _record.State;
    }

    /// <summary>Notes a change to <see cref="State"/>.</summary>
    public void Changed() => _version++;

    /// <summary>Completes once storage has every change made before the call (one write serves every caller waiting).</summary>
    public async Task WrittenAsync()
    {
        var target = _version;
        while (_writtenVersion < target)
        {
            if (_writing is null || _writing.IsCompleted)
            {
                _writing = WriteAsync();
            }
            await _writing; // a failed write fails its callers; they retry (the sources keep what they owe)
        }
    }

    private async Task WriteAsync()
    {
        var version = _version;
        await _storage.WriteStateAsync(_stateName, _grainId, _record);
        _writtenVersion = Math.Max(_writtenVersion, version);
    }
}
