using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.UseCases;

/// <summary>A use case: its definition, and its numbers (sms: through its messaging service; voice: bound here).</summary>
internal sealed class UseCaseGrain(
    [PersistentState("usecase", SmsStorage.State)] IPersistentState<UseCaseState> state) : Grain, IUseCaseGrain
{
    private UseCaseState S => state.State;

    private string UseCaseId => this.GetPrimaryKeyString();

    private IMessagingServiceGrain MessagingService => GrainFactory.GetGrain<IMessagingServiceGrain>(UseCaseId);

    public async Task<SmsResult<UseCaseDefinition>> CreateAsync(UseCaseDefinition definition)
    {
        if (S.Definition is { } existing)
        {
            return SmsResult<UseCaseDefinition>.Ok(existing);
        }
        var created = definition with { UseCaseId = UseCaseId };
        if (created.IsSms)
        {
            // The provider-side service first: if it fails, no use case exists without one.
            var service = await MessagingService.ProvisionAsync(created.Owner, created.Name);
            if (!service.Succeeded)
            {
                return SmsResult<UseCaseDefinition>.Fail(service.Error);
            }
            created = created with { MessagingServiceSid = service.Value };
        }
        S.Definition = created;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantGrain>(created.TenantId).AddUseCaseAsync(UseCaseId, created.Environment);
        return SmsResult<UseCaseDefinition>.Ok(created);
    }

    public Task<UseCaseDefinition?> GetAsync() => Task.FromResult(S.Deleted ? null : S.Definition);

    public async Task<UseCaseView?> DescribeAsync(ResourceOwner owner)
    {
        if (Owned(owner) is not null)
        {
            return null;
        }
        var numbers = S.Definition!.IsSms ? await MessagingService.GetPoolAsync() : S.VoiceNumbers.ToList();
        return new UseCaseView(S.Definition, numbers);
    }

    public async Task<SmsResult<NumberAssignment>> AssignNumberAsync(ResourceOwner owner, string phoneNumber)
    {
        if (Owned(owner) is { } notFound)
        {
            return SmsResult<NumberAssignment>.Fail(notFound);
        }
        var definition = S.Definition!;
        if (definition.IsSms)
        {
            return await MessagingService.AssignAsync(phoneNumber);
        }
        var bound = await GrainFactory.GetGrain<IPhoneNumberGrain>(phoneNumber)
            .BindVoiceAsync(definition.Owner, definition.Channel, UseCaseId);
        if (!bound.Succeeded)
        {
            return SmsResult<NumberAssignment>.Fail(bound.Error);
        }
        if (S.VoiceNumbers.Add(phoneNumber))
        {
            await state.WriteStateAsync();
        }
        return SmsResult<NumberAssignment>.Ok(new NumberAssignment(UseCaseId, phoneNumber, bound.Value.Changed));
    }

    public async Task<SmsResult<NumberAssignment>> UnassignNumberAsync(ResourceOwner owner, string phoneNumber)
    {
        if (Owned(owner) is { } notFound)
        {
            return SmsResult<NumberAssignment>.Fail(notFound);
        }
        var definition = S.Definition!;
        if (definition.IsSms)
        {
            return await MessagingService.UnassignAsync(phoneNumber);
        }
        await GrainFactory.GetGrain<IPhoneNumberGrain>(phoneNumber).UnbindVoiceAsync(definition.Channel, UseCaseId);
        var changed = S.VoiceNumbers.Remove(phoneNumber);
        if (changed)
        {
            await state.WriteStateAsync();
        }
        return SmsResult<NumberAssignment>.Ok(new NumberAssignment(UseCaseId, phoneNumber, changed));
    }

    public async Task<SmsResult<bool>> DeleteAsync(ResourceOwner owner)
    {
        if (Owned(owner) is { } notFound)
        {
            return SmsResult<bool>.Fail(notFound);
        }
        if (S.Campaigns.Count > 0)
        {
            return SmsResult<bool>.Fail(SmsErrorCodes.UseCaseInUse,
                $"Campaign {S.Campaigns.Min} sends for use case {UseCaseId}; cancel it or let it complete first.");
        }
        if (S.Definition!.IsSms)
        {
            var deleted = await MessagingService.DeleteAsync();
            if (deleted.Error is not null)
            {
                return deleted;
            }
        }
        else if (S.VoiceNumbers.Count > 0)
        {
            return SmsResult<bool>.Fail(SmsErrorCodes.NumbersStillAssigned,
                $"Use case {UseCaseId} still has {S.VoiceNumbers.Count} number(s); unassign them first.");
        }
        S.Deleted = true;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantGrain>(owner.TenantId).RemoveUseCaseAsync(UseCaseId);
        return SmsResult<bool>.Ok(true);
    }

    public async Task HoldForCampaignAsync(string campaignId, bool hold)
    {
        if (hold ? S.Campaigns.Add(campaignId) : S.Campaigns.Remove(campaignId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>The one ownership check of every read and change from outside: tenant and environment must both match.</summary>
    private SmsError? Owned(ResourceOwner owner) =>
        S.Definition is { } definition && !S.Deleted && definition.Owner == owner
            ? null
            : new SmsError(SmsErrorCodes.NotFound, $"No use case {UseCaseId}.");
}

[GenerateSerializer, Alias("sms.UseCaseState")]
internal sealed class UseCaseState
{
    [Id(0)] public UseCaseDefinition? Definition { get; set; }
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public SortedSet<string> VoiceNumbers { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Scheduled, running or paused campaigns sending for this use case (bounded by what a tenant runs at once).</summary>
    [Id(3)] public SortedSet<string> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
