namespace Orleans.Sms.Numbers;

/// <summary>A provisioned number: its owner, compliance and sms use case binding.</summary>
internal sealed class PhoneNumberGrain(
    [PersistentState("number", SmsStorage.State)] IPersistentState<PhoneNumberState> state) : Grain, IPhoneNumberGrain
{
    public async Task<PhoneNumberInfo?> RegisterAsync(string tenantId, PhoneNumberRegistration registration)
    {
        if (state.State.Info is { } existing && existing.TenantId != tenantId)
        {
            return null;
        }
        state.State.Info = new PhoneNumberInfo(this.GetPrimaryKeyString(), tenantId, registration, state.State.Info?.SmsUseCaseId);
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public Task<PhoneNumberInfo?> GetAsync() => Task.FromResult(state.State.Info);

    public async Task BindSmsUseCaseAsync(string useCaseId)
    {
        var info = state.State.Info ?? throw new InvalidOperationException($"Number {this.GetPrimaryKeyString()} is not registered.");
        state.State.Info = info with { SmsUseCaseId = useCaseId };
        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("sms.PhoneNumberState")]
internal sealed class PhoneNumberState
{
    [Id(0)] public PhoneNumberInfo? Info { get; set; }
}
