using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.UseCases;

/// <summary>
/// The messaging service of one sms use case (same key as the use case): its exclusive pool of numbers, its
/// provider-side service, and the choice of sender for each recipient.
/// </summary>
[Alias("sms.IMessagingServiceGrain")]
public interface IMessagingServiceGrain : IGrainWithStringKey
{
    /// <summary>Creates the provider-side service once; returns its id (a repeat returns the same id).</summary>
    [Alias("ProvisionAsync")]
    Task<SmsResult<string>> ProvisionAsync(ResourceOwner owner, string friendlyName);

    /// <summary>Puts a number of the service's owner into the pool: ownership, compliance gate and exclusivity decided by the number's own grain.</summary>
    [Alias("AssignAsync")]
    Task<SmsResult<NumberAssignment>> AssignAsync(string phoneNumber);

    /// <summary>Takes a number out of the pool (provider first, then the number, then the pool).</summary>
    [Alias("UnassignAsync")]
    Task<SmsResult<NumberAssignment>> UnassignAsync(string phoneNumber);

    /// <summary>Tears the provider-side service down; refused while the pool is not empty.</summary>
    [Alias("DeleteAsync")]
    Task<SmsResult<bool>> DeleteAsync();

    /// <summary>The pool, E.164, sorted.</summary>
    [Alias("GetPoolAsync"), ReadOnly]
    Task<IReadOnlyList<string>> GetPoolAsync();

    /// <summary>
    /// Chooses the sender for a recipient: the explicit <paramref name="agentNumber"/> if usable, else the number that
    /// last talked with the recipient, else an area-code match (North America), else one spread over the usable pool.
    /// The chosen number is <see cref="SendClearance.Sender"/>; with it, what the choice read of the recipient, which the
    /// conversation checks the send on (<see cref="Conversations.SendCheck"/>) instead of reading it again.
    /// </summary>
    [Alias("SelectSenderAsync"), ReadOnly]
    Task<SmsResult<SendClearance>> SelectSenderAsync(string customerNumber, string? agentNumber);

    /// <summary>Null when <paramref name="phoneNumber"/> is in the pool and may send now; else the refusal.</summary>
    [Alias("CheckSenderAsync"), ReadOnly]
    Task<SmsError?> CheckSenderAsync(string phoneNumber);
}
