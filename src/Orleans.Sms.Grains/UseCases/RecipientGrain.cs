namespace Orleans.Sms.UseCases;

/// <summary>A customer of a messaging service: opt-out standing and sticky sender.</summary>
internal sealed class RecipientGrain(
    [PersistentState("recipient", SmsStorage.State)] IPersistentState<RecipientState> state) : Grain, IRecipientGrain
{
    public Task<RecipientStanding> GetAsync() =>
        Task.FromResult(new RecipientStanding(state.State.OptedOut, state.State.LastSender));

    public async Task SetOptedOutAsync(bool optedOut)
    {
        if (state.State.OptedOut != optedOut)
        {
            state.State.OptedOut = optedOut;
            await state.WriteStateAsync();
        }
    }

    public async Task SetLastSenderAsync(string agentNumber)
    {
        if (state.State.LastSender != agentNumber)
        {
            state.State.LastSender = agentNumber;
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer, Alias("sms.RecipientState")]
internal sealed class RecipientState
{
    [Id(0)] public bool OptedOut { get; set; }
    [Id(1)] public string? LastSender { get; set; }
}
