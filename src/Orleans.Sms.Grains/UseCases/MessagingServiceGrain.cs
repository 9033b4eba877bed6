using Microsoft.Extensions.Logging;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.UseCases;

/// <summary>
/// The messaging service of an sms use case: its pool and its provider-side service. The number's own grain is
/// the arbiter of exclusivity and the source of truth; the pool is this service's index of its numbers.
/// Assign = claim (number) → provider add → pool → confirm (number); unassign = provider remove → release
/// (number) → pool. Each step is idempotent, so repeating an interrupted request completes it.
/// </summary>
internal sealed class MessagingServiceGrain(
    [PersistentState("messaging", SmsStorage.State)] IPersistentState<MessagingServiceState> state,
    IMessagingProvider provider,
    ILogger<MessagingServiceGrain> logger) : Grain, IMessagingServiceGrain
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(30);

    private MessagingServiceState S => state.State;

    private string UseCaseId => this.GetPrimaryKeyString();

    public async Task<SmsResult<string>> ProvisionAsync(ResourceOwner owner, string friendlyName)
    {
        if (S.ServiceSid is { } existing)
        {
            return SmsResult<string>.Ok(existing);
        }
        var created = await CallProviderAsync(ct => provider.CreateServiceAsync(UseCaseId, friendlyName, ct));
        if (!created.Succeeded)
        {
            return SmsResult<string>.Fail(created.Error);
        }
        (S.TenantId, S.Environment, S.ServiceSid) = (owner.TenantId, owner.Environment, created.Value);
        await state.WriteStateAsync();
        return SmsResult<string>.Ok(S.ServiceSid!);
    }

    public async Task<SmsResult<NumberAssignment>> AssignAsync(string phoneNumber)
    {
        var number = GrainFactory.Reference<IPhoneNumberGrain>(phoneNumber);
        var claim = await number.ClaimSmsAsync(new ResourceOwner(S.TenantId!, S.Environment!), UseCaseId);
        if (!claim.Succeeded)
        {
            return SmsResult<NumberAssignment>.Fail(claim.Error);
        }
        if (!claim.Value.Changed && S.Pool.Contains(phoneNumber))
        {
            return Assignment(phoneNumber, changed: false);
        }
        var added = await CallProviderAsync(async ct =>
        {
            await provider.AddNumberAsync(S.ServiceSid!, phoneNumber, ct);
            return true;
        });
        if (added.Error is { } error)
        {
            await number.ReleaseSmsAsync(UseCaseId); // no half-assigned number
            return SmsResult<NumberAssignment>.Fail(error);
        }
        S.Pool.Add(phoneNumber);
        await state.WriteStateAsync();
        await number.ConfirmSmsAsync(UseCaseId);
        return Assignment(phoneNumber, changed: true);
    }

    public async Task<SmsResult<NumberAssignment>> UnassignAsync(string phoneNumber)
    {
        var number = GrainFactory.Reference<IPhoneNumberGrain>(phoneNumber);
        if (!S.Pool.Contains(phoneNumber))
        {
            await number.ReleaseSmsAsync(UseCaseId); // finishes a claim interrupted before the pool write
            return Assignment(phoneNumber, changed: false);
        }
        var removed = await CallProviderAsync(async ct =>
        {
            await provider.RemoveNumberAsync(S.ServiceSid!, phoneNumber, ct);
            return true;
        });
        if (!removed.Succeeded)
        {
            return SmsResult<NumberAssignment>.Fail(removed.Error);
        }
        await number.ReleaseSmsAsync(UseCaseId);
        S.Pool.Remove(phoneNumber);
        await state.WriteStateAsync();
        return Assignment(phoneNumber, changed: true);
    }

    public async Task<SmsResult<bool>> DeleteAsync()
    {
        if (S.Pool.Count > 0)
        {
            return SmsResult<bool>.Fail(SmsErrorCodes.NumbersStillAssigned,
                $"Use case {UseCaseId} still has {S.Pool.Count} number(s); unassign them first.");
        }
        if (S.ServiceSid is { } sid)
        {
            var deleted = await CallProviderAsync(async ct =>
            {
                await provider.DeleteServiceAsync(sid, ct);
                return true;
            });
            if (!deleted.Succeeded)
            {
                return SmsResult<bool>.Fail(deleted.Error);
            }
            S.ServiceSid = null;
            await state.WriteStateAsync();
        }
        return SmsResult<bool>.Ok(true);
    }

    public Task<IReadOnlyList<string>> GetPoolAsync() => Task.FromResult<IReadOnlyList<string>>(S.Pool.ToList());

    public async Task<SmsResult<SendClearance>> SelectSenderAsync(string customerNumber, string? agentNumber)
    {
        var recipient = GrainFactory.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(UseCaseId, customerNumber));
        if (agentNumber is not null)
        {
            var (number, refused) = await ReadSenderAsync(agentNumber);
            return refused is null
                ? SmsResult<SendClearance>.Ok(new SendClearance(await recipient.GetAsync(), number!))
                : SmsResult<SendClearance>.Fail(SmsErrorCodes.InvalidAgentNumber, $"{agentNumber} is not a usable number of use case {UseCaseId}.");
        }
        var standing = recipient.GetAsync();
        var usable = await UsableSenders.ReadAsync(GrainFactory, S.Pool, UseCaseId);
        if (usable.Count == 0)
        {
            return SmsResult<SendClearance>.Fail(SmsErrorCodes.NoSenderAvailable, $"Use case {UseCaseId} has no number that may send now.");
        }
        var read = await standing;
        var from = SenderSelection.Choose(usable.Keys.ToList(), customerNumber, read.LastSender);
        return SmsResult<SendClearance>.Ok(new SendClearance(read, usable[from]));
    }

    public async Task<SmsError?> CheckSenderAsync(string phoneNumber) => (await ReadSenderAsync(phoneNumber)).Refused;

    /// <summary>The pool number as it stands, or why it may not send now (not in the pool, not registered, not compliant).</summary>
    private async Task<(PhoneNumberInfo? Number, SmsError? Refused)> ReadSenderAsync(string phoneNumber)
    {
        if (!S.Pool.Contains(phoneNumber))
        {
            return (null, new SmsError(SmsErrorCodes.InvalidAgentNumber, $"{phoneNumber} is not in the pool of use case {UseCaseId}."));
        }
        var number = await GrainFactory.Reference<IPhoneNumberGrain>(phoneNumber).GetAsync();
        return number is null ? (null, new SmsError(SmsErrorCodes.InvalidAgentNumber, $"{phoneNumber} is not registered."))
            : SmsGate.Check(number) is { } gate ? (number, new SmsError(SmsErrorCodes.SenderNotCompliant, gate.Detail))
            : (number, null);
    }

    private SmsResult<NumberAssignment> Assignment(string phoneNumber, bool changed) =>
        SmsResult<NumberAssignment>.Ok(new NumberAssignment(UseCaseId, phoneNumber, changed));

    private async Task<SmsResult<T>> CallProviderAsync<T>(Func<CancellationToken, Task<T>> call) where T : notnull
    {
        using var timeout = new CancellationTokenSource(ProviderTimeout);
        try
        {
            return SmsResult<T>.Ok(await call(timeout.Token));
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Provider call for use case {UseCaseId} failed", UseCaseId);
            return SmsResult<T>.Fail(SmsErrorCodes.ProviderError, $"The SMS provider failed: {ex.Message}");
        }
    }
}

[GenerateSerializer, Alias("sms.MessagingServiceState")]
internal sealed class MessagingServiceState
{
    [Id(0)] public string? TenantId { get; set; }
    [Id(1)] public string? Environment { get; set; }
    [Id(2)] public string? ServiceSid { get; set; }
    [Id(3)] public SortedSet<string> Pool { get; set; } = new(StringComparer.Ordinal);
}
