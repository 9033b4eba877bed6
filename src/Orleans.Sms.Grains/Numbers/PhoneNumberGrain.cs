using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Numbers;

/// <summary>
/// A provisioned number and its bindings. Every assignment of the number goes through this one activation,
/// one request at a time, so concurrent claims by several use cases have exactly one winner.
/// </summary>
internal sealed class PhoneNumberGrain(
    [PersistentState("number", SmsStorage.State)] IPersistentState<PhoneNumberState> state) : Grain, IPhoneNumberGrain
{
    private string Number => this.GetPrimaryKeyString();

    private PhoneNumberInfo? Info
    {
        get => state.State.Info;
        set => state.State.Info = value;
    }

    public async Task<SmsResult<PhoneNumberInfo>> RegisterAsync(ResourceOwner owner, PhoneNumberRegistration registration)
    {
        registration = registration with { Environment = owner.Environment };
        if (Info is { } existing && NumberRules.RefuseRegistration(existing, owner, registration) is { } refused)
        {
            return SmsResult<PhoneNumberInfo>.Fail(refused);
        }
        var compliance = Info?.Registration;
        Info = new PhoneNumberInfo(Number, owner.TenantId, registration with
        {
            // Registering again keeps compliance the caller did not restate.
            TollFreeVerification = registration.TollFreeVerification ?? compliance?.TollFreeVerification,
            A2pCampaignId = registration.A2pCampaignId ?? compliance?.A2pCampaignId,
            A2pCampaignStatus = registration.A2pCampaignStatus ?? compliance?.A2pCampaignStatus,
        }, Info?.SmsUseCaseId, Info?.SmsConfirmed ?? false, Info?.VoiceBindings, Info?.Mps); // the rate override stays too
        await state.WriteStateAsync();
        return SmsResult<PhoneNumberInfo>.Ok(Info);
    }

    public Task<PhoneNumberInfo?> GetAsync() => Task.FromResult(Info);

    public Task<PhoneNumberInfo?> DescribeAsync(ResourceOwner owner) => Task.FromResult(Owned(owner) is null ? Info : null);

    public async Task<SmsResult<PhoneNumberInfo>> SetComplianceAsync(ResourceOwner owner, ComplianceUpdate update)
    {
        if (Owned(owner) is { } error)
        {
            return SmsResult<PhoneNumberInfo>.Fail(error);
        }
        var registration = Info!.Registration;
        Info = Info with
        {
            Registration = registration with
            {
                TollFreeVerification = update.TollFreeVerification ?? registration.TollFreeVerification,
                A2pCampaignId = update.A2pCampaignId ?? registration.A2pCampaignId,
                A2pCampaignStatus = update.A2pCampaignStatus ?? registration.A2pCampaignStatus,
            },
        };
        await state.WriteStateAsync();
        return SmsResult<PhoneNumberInfo>.Ok(Info);
    }

    public async Task<SmsResult<PhoneNumberInfo>> SetMpsAsync(ResourceOwner owner, double? mps)
    {
        if ((NumberRules.RefuseMps(mps) ?? Owned(owner)) is { } error)
        {
            return SmsResult<PhoneNumberInfo>.Fail(error);
        }
        if (Info!.Mps != mps)
        {
            Info = Info with { Mps = mps };
            await state.WriteStateAsync();
        }
        return SmsResult<PhoneNumberInfo>.Ok(Info);
    }

    public async Task<SmsResult<SmsClaim>> ClaimSmsAsync(ResourceOwner owner, string useCaseId)
    {
        if (Owned(owner) is { } notFound)
        {
            return SmsResult<SmsClaim>.Fail(notFound);
        }
        var info = Info!;
        if (info.SmsUseCaseId == useCaseId)
        {
            // Same use case again: no change, or the resumption of an assignment interrupted midway.
            return SmsResult<SmsClaim>.Ok(new SmsClaim(info, Changed: !info.SmsConfirmed));
        }
        var refusal = SmsGate.Check(info)
            ?? (info.SmsUseCaseId is not null
                ? new SmsError(SmsErrorCodes.NumberAlreadyAssigned, $"{Number} is in the pool of another sms use case.")
                : null);
        if (refusal is not null)
        {
            return SmsResult<SmsClaim>.Fail(refusal);
        }
        Info = info with { SmsUseCaseId = useCaseId, SmsConfirmed = false };
        await state.WriteStateAsync();
        return SmsResult<SmsClaim>.Ok(new SmsClaim(Info, Changed: true));
    }

    public async Task ConfirmSmsAsync(string useCaseId)
    {
        if (Info is { SmsConfirmed: false } info && info.SmsUseCaseId == useCaseId)
        {
            Info = info with { SmsConfirmed = true };
            await state.WriteStateAsync();
        }
    }

    public async Task ReleaseSmsAsync(string useCaseId)
    {
        if (Info is { } info && info.SmsUseCaseId == useCaseId)
        {
            Info = info with { SmsUseCaseId = null, SmsConfirmed = false };
            await state.WriteStateAsync();
        }
    }

    public async Task<SmsResult<SmsClaim>> BindVoiceAsync(ResourceOwner owner, string channel, string useCaseId)
    {
        if (Owned(owner) is { } notFound)
        {
            return SmsResult<SmsClaim>.Fail(notFound);
        }
        var info = Info!;
        var bindings = info.VoiceBindings ?? new Dictionary<string, string>();
        if (bindings.TryGetValue(channel, out var bound) && bound == useCaseId)
        {
            return SmsResult<SmsClaim>.Ok(new SmsClaim(info, Changed: false));
        }
        var refusal = (!info.Registration.Capabilities.Contains("voice", StringComparer.OrdinalIgnoreCase)
                ? new SmsError(SmsErrorCodes.NotVoiceCapable, $"{Number} is not voice-capable.")
                : null)
            ?? (bound is not null
                ? new SmsError(SmsErrorCodes.NumberAlreadyAssigned, $"{Number} is bound to another use case on {channel}.")
                : null);
        if (refusal is not null)
        {
            return SmsResult<SmsClaim>.Fail(refusal);
        }
        Info = info with { VoiceBindings = new Dictionary<string, string>(bindings) { [channel] = useCaseId } };
        await state.WriteStateAsync();
        return SmsResult<SmsClaim>.Ok(new SmsClaim(Info, Changed: true));
    }

    public async Task UnbindVoiceAsync(string channel, string useCaseId)
    {
        if (Info is { VoiceBindings: { } bindings } info && bindings.TryGetValue(channel, out var bound) && bound == useCaseId)
        {
            Info = info with { VoiceBindings = bindings.Where(b => b.Key != channel).ToDictionary() };
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// The one ownership check of every read and change for a tenant: tenant and environment must both match, so another
    /// environment's number is as unknown as another tenant's (docs/api.md: Boundaries).
    /// </summary>
    private SmsError? Owned(ResourceOwner owner) =>
        Info is { } info && info.Owner == owner ? null : new SmsError(SmsErrorCodes.NotFound, $"No phone number {Number}.");
}

[GenerateSerializer, Alias("sms.PhoneNumberState")]
internal sealed class PhoneNumberState
{
    [Id(0)] public PhoneNumberInfo? Info { get; set; }
}
