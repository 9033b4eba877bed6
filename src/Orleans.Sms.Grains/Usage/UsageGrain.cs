namespace Orleans.Sms.Usage;

/// <summary>
/// A tenant's day of usage. Counting is in memory and written on a short timer (and on deactivation), so a busy
/// tenant costs one state write per <see cref="FlushEvery"/>, not one per message; a silo crash can lose at most the
/// counts of the last interval.
/// </summary>
internal sealed class UsageGrain(
    [PersistentState("usage", SmsStorage.State)] IPersistentState<UsageState> state) : Grain, IUsageGrain
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);

    private IGrainTimer? _flush;

    public Task RecordAsync(UsageDelta delta)
    {
        state.State.InboundMessages += delta.InboundMessages;
        state.State.InboundSegments += delta.InboundSegments;
        state.State.OutboundMessages += delta.OutboundMessages;
        state.State.OutboundSegments += delta.OutboundSegments;
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushEvery, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<DailyUsage> GetAsync()
    {
        var day = DateOnly.ParseExact(this.GetPrimaryKeyString().Split('|')[^1], "yyyy-MM-dd");
        var s = state.State;
        return Task.FromResult(new DailyUsage(day, s.InboundMessages, s.InboundSegments, s.OutboundMessages, s.OutboundSegments));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_flush is not null)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Written before the timer is disposed: disposing a grain timer cancels the token of its running callback.
        var flush = _flush;
        _flush = null;
        await state.WriteStateAsync(CancellationToken.None);
        flush?.Dispose();
    }
}

[GenerateSerializer, Alias("sms.UsageState")]
internal sealed class UsageState
{
    [Id(0)] public long InboundMessages { get; set; }
    [Id(1)] public long InboundSegments { get; set; }
    [Id(2)] public long OutboundMessages { get; set; }
    [Id(3)] public long OutboundSegments { get; set; }
}
