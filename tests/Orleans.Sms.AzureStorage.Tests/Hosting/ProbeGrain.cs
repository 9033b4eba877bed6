namespace Orleans.Sms.AzureStorage.Tests.Hosting;

/// <summary>A grain that keeps a value in the engine's <c>sms</c> grain storage and counts reminder ticks.</summary>
[Alias("sms.tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("SaveAsync")]
    Task SaveAsync(string value);

    [Alias("ReadAsync")]
    Task<ProbeState> ReadAsync();

    [Alias("ArmAsync")]
    Task ArmAsync(TimeSpan period);

    [Alias("DisarmAsync")]
    Task DisarmAsync();
}

[GenerateSerializer, Alias("sms.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }

    [Id(1)] public int Ticks { get; set; }
}

public sealed class ProbeGrain([PersistentState("probe", SmsStorage.State)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    public const string Reminder = "probe-tick";

    public async Task SaveAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<ProbeState> ReadAsync() => Task.FromResult(new ProbeState { Value = state.State.Value, Ticks = state.State.Ticks });

    public Task ArmAsync(TimeSpan period) => this.RegisterOrUpdateReminder(Reminder, TimeSpan.Zero, period);

    public async Task DisarmAsync()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
