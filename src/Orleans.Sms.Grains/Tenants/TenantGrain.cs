namespace Orleans.Sms.Tenants;

internal sealed class TenantGrain(
    [PersistentState("tenant", SmsStorage.State)] IPersistentState<TenantState> state,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock) : Grain, ITenantGrain
{
    public async Task<TenantInfo> CreateAsync(string name)
    {
        if (state.State.Info is null)
        {
            state.State.Info = new TenantInfo(this.GetPrimaryKeyString(), name, clock.GetUtcNow());
            await state.WriteStateAsync();
        }
        return state.State.Info;
    }

    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.State.Info);

    public async Task<string> IssueApiKeyAsync(string environment)
    {
        if (state.State.Info is null)
        {
            throw new InvalidOperationException($"Tenant {this.GetPrimaryKeyString()} does not exist.");
        }
        var key = ApiKeys.New(environment);
        await GrainFactory.GetGrain<IApiKeyGrain>(ApiKeys.Hash(key))
            .BindAsync(new ApiKeyGrant(this.GetPrimaryKeyString(), environment));
        return key;
    }
}

[GenerateSerializer, Alias("sms.TenantState")]
internal sealed class TenantState
{
    [Id(0)] public TenantInfo? Info { get; set; }
}

internal sealed class ApiKeyGrain(
    [PersistentState("apikey", SmsStorage.State)] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task BindAsync(ApiKeyGrant grant)
    {
        state.State.Grant = grant;
        await state.WriteStateAsync();
    }

    public Task<ApiKeyGrant?> ResolveAsync() => Task.FromResult(state.State.Grant);
}

[GenerateSerializer, Alias("sms.ApiKeyState")]
internal sealed class ApiKeyState
{
    [Id(0)] public ApiKeyGrant? Grant { get; set; }
}
