namespace Orleans.Sms.UseCases;

internal sealed class UseCaseGrain(
    [PersistentState("usecase", SmsStorage.State)] IPersistentState<UseCaseState> state) : Grain, IUseCaseGrain
{
    public async Task<UseCaseDefinition> CreateAsync(UseCaseDefinition definition)
    {
        if (state.State.Definition is null)
        {
            state.State.Definition = definition with { UseCaseId = this.GetPrimaryKeyString() };
            await state.WriteStateAsync();
        }
        return state.State.Definition;
    }

    public Task<UseCaseDefinition?> GetAsync() => Task.FromResult(state.State.Definition);
}

[GenerateSerializer, Alias("sms.UseCaseState")]
internal sealed class UseCaseState
{
    [Id(0)] public UseCaseDefinition? Definition { get; set; }
}
