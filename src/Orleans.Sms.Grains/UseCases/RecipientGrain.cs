namespace Orleans.Sms.UseCases;

/// <summary>
/// A customer of a messaging service: opt-out standing and sticky sender, in the <see cref="SmsStorage.Recipients"/>
/// storage (whose writes of one use case go together on Azure tables).
/// </summary>
/// <remarks>
/// Collected after 2 idle minutes instead of Orleans' 15: a campaign touches each of its recipients once, so at the
/// default a 100,000-recipient campaign would keep 100,000 activations for a quarter of an hour. Coming back costs
/// one point read of a small row.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
internal sealed class RecipientGrain(
    [PersistentState("recipient", SmsStorage.Recipients)] IPersistentState<RecipientState> state) : Grain, IRecipientGrain
{
    public Task<RecipientStanding> GetAsync() =>
        Task.FromResult(new RecipientStanding(state.State.OptedOut, state.State.LastSender));

    public async Task SetOptedOutAsync(bool optedOut)
    {
        if (state.State.OptedOut != optedOut)
        {
            state.State.OptedOut = optedOut;
            await state.WriteOrDropAsync(this);
        }
    }

    public Task TalkedAsync(string agentNumber) => ClaimAsync(agentNumber);

    public async Task<RecipientStanding> ClaimAsync(string agentNumber)
    {
        if (!state.State.OptedOut && state.State.LastSender != agentNumber)
        {
            state.State.LastSender = agentNumber;
            await state.WriteOrDropAsync(this);
        }
        return new RecipientStanding(state.State.OptedOut, state.State.LastSender);
    }
}

[GenerateSerializer, Alias("sms.RecipientState")]
internal sealed class RecipientState
{
    [Id(0)] public bool OptedOut { get; set; }
    [Id(1)] public string? LastSender { get; set; }
}
