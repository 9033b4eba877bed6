namespace Orleans.Sms.Simulator;

/// <summary>The simulator's outbox for one tenant in one environment; keeps the newest <see cref="Capacity"/> entries.</summary>
internal sealed class SimulatorOutboxGrain(
    [PersistentState("outbox", SmsStorage.State)] IPersistentState<SimulatorOutboxState> state)
    : Grain, ISimulatorOutboxGrain
{
    public const int Capacity = 500;

    public async Task AppendAsync(OutboxEntry entry)
    {
        state.State.Entries.Add(entry);
        if (state.State.Entries.Count > Capacity)
        {
            state.State.Entries.RemoveRange(0, state.State.Entries.Count - Capacity);
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(string? to) =>
        Task.FromResult<IReadOnlyList<OutboxEntry>>(
            state.State.Entries.Where(e => to is null || e.To == to).ToList());
}

[GenerateSerializer, Alias("sms.SimulatorOutboxState")]
internal sealed class SimulatorOutboxState
{
    [Id(0)] public List<OutboxEntry> Entries { get; set; } = [];
}
