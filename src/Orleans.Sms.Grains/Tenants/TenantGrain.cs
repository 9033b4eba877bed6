namespace Orleans.Sms.Tenants;

internal sealed class TenantGrain(
    [PersistentState("tenant", SmsStorage.State)] IPersistentState<TenantState> state,
    ApiKeyHasher hasher,
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

    public async Task AddUseCaseAsync(string useCaseId, string environment)
    {
        if (!state.State.UseCases.Exists(u => u.UseCaseId == useCaseId))
        {
            state.State.UseCases.Add(new TenantUseCase(useCaseId, environment));
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveUseCaseAsync(string useCaseId)
    {
        if (state.State.UseCases.RemoveAll(u => u.UseCaseId == useCaseId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListUseCasesAsync(string environment) =>
        Task.FromResult<IReadOnlyList<string>>(
            state.State.UseCases.Where(u => u.Environment == environment).Select(u => u.UseCaseId).ToList());

    public async Task<IssuedApiKey> IssueApiKeyAsync(string environment)
    {
        if (state.State.Info is null)
        {
            throw new InvalidOperationException($"Tenant {this.GetPrimaryKeyString()} does not exist.");
        }
        var key = ApiKeys.New(environment);
        var issued = new TenantApiKey(ApiKeys.NewKeyId(), hasher.Hash(key), environment, clock.GetUtcNow());
        // The key grain first: a crash before the tenant's list is written leaves a key that works but is not listed.
        await GrainFactory.GetGrain<IApiKeyGrain>(issued.Hash).BindAsync(new ApiKeyGrant(this.GetPrimaryKeyString(), environment));
        state.State.ApiKeys.Add(issued);
        await state.WriteStateAsync();
        return new IssuedApiKey(issued.KeyId, key, environment);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId)
    {
        var issued = state.State.ApiKeys.Find(k => k.KeyId == keyId);
        if (issued is null)
        {
            return false;
        }
        await GrainFactory.GetGrain<IApiKeyGrain>(issued.Hash).RevokeAsync();
        state.State.ApiKeys.Remove(issued);
        await state.WriteStateAsync();
        return true;
    }
}

[GenerateSerializer, Alias("sms.TenantState")]
internal sealed class TenantState
{
    [Id(0)] public TenantInfo? Info { get; set; }
    [Id(1)] public List<TenantUseCase> UseCases { get; set; } = [];
    [Id(2)] public List<TenantApiKey> ApiKeys { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("sms.TenantApiKey")]
internal sealed record class TenantApiKey(
    [property: Id(0)] string KeyId, [property: Id(1)] string Hash, [property: Id(2)] string Environment, [property: Id(3)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("sms.TenantUseCase")]
internal sealed record class TenantUseCase([property: Id(0)] string UseCaseId, [property: Id(1)] string Environment);

internal sealed class ApiKeyGrain(
    [PersistentState("apikey", SmsStorage.State)] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task BindAsync(ApiKeyGrant grant)
    {
        state.State.Grant = grant;
        await state.WriteStateAsync();
    }

    public Task<ApiKeyGrant?> ResolveAsync() => Task.FromResult(state.State.Grant);

    public async Task RevokeAsync()
    {
        state.State.Grant = null;
        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("sms.ApiKeyState")]
internal sealed class ApiKeyState
{
    [Id(0)] public ApiKeyGrant? Grant { get; set; }
}
