using Orleans.Concurrency;

namespace Orleans.Sms.Usage;

/// <summary>
/// A tenant's day of usage. <see cref="ApplyAsync"/> answers once its delta is written; writes are coalesced (a
/// call arriving while one is under way joins the next), so a busy tenant costs one write per round trip to storage,
/// not one per message. Idempotent per source: the state keeps each source's last applied sequence (one entry per
/// conversation that counted something that day; the grain is per day, so it is bounded by the day's conversations).
/// </summary>
[Reentrant] // only to coalesce writes: every method runs to its first await on the grain's own scheduler
internal sealed class UsageGrain(
    [PersistentState("usage", SmsStorage.State)] IPersistentState<UsageState> state) : Grain, IUsageGrain
{
    private long _version;
    private long _writtenVersion;
    private Task? _writing;

    public async Task ApplyAsync(UsageEntry entry)
    {
        if (!state.State.Applied.TryGetValue(entry.Source, out var last) || last < entry.Sequence)
        {
            Add(entry.Delta);
            state.State.Applied[entry.Source] = entry.Sequence;
        }
        // A repeat waits too: the first may have been applied here but its write failed.
        await WrittenAsync();
    }

    public Task<DailyUsage> GetAsync()
    {
        var day = DateOnly.ParseExact(this.GetPrimaryKeyString().Split('|')[^1], "yyyy-MM-dd");
        var s = state.State;
        return Task.FromResult(new DailyUsage(day, s.InboundMessages, s.InboundSegments, s.OutboundMessages, s.OutboundSegments));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_writtenVersion < _version)
        {
            await WrittenAsync();
        }
    }

    private void Add(UsageDelta delta)
    {
        state.State.InboundMessages += delta.InboundMessages;
        state.State.InboundSegments += delta.InboundSegments;
        state.State.OutboundMessages += delta.OutboundMessages;
        state.State.OutboundSegments += delta.OutboundSegments;
        _version++;
    }

    /// <summary>Completes once storage has every change made before the call (one write serves every caller waiting).</summary>
    private async Task WrittenAsync()
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
        await state.WriteStateAsync(CancellationToken.None);
        _writtenVersion = Math.Max(_writtenVersion, version);
    }
}

[GenerateSerializer, Alias("sms.UsageState")]
internal sealed class UsageState
{
    [Id(0)] public long InboundMessages { get; set; }
    [Id(1)] public long InboundSegments { get; set; }
    [Id(2)] public long OutboundMessages { get; set; }
    [Id(3)] public long OutboundSegments { get; set; }

    /// <summary>Each source's last applied <see cref="UsageEntry.Sequence"/>.</summary>
    [Id(4)] public Dictionary<string, long> Applied { get; set; } = [];
}
