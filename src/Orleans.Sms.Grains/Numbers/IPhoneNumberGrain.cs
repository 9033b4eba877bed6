using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Numbers;

/// <summary>
/// A provisioned phone number, keyed by its E.164 form. It owns the number's bindings and is the arbiter of
/// exclusivity: one actor per number decides every assignment, so concurrent attempts have exactly one winner.
/// </summary>
[Alias("sms.IPhoneNumberGrain")]
public interface IPhoneNumberGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the number for <paramref name="owner"/> (its environment is the owner's); registering it again for the
    /// same owner updates type and capabilities.
    /// </summary>
    /// <remarks>
    /// Refused with <c>number_taken</c> when another tenant holds it, or the same tenant in another environment (no silent
    /// move); with <c>number_already_assigned</c> when the new capabilities drop one a binding needs (<c>sms</c> while it is in
    /// an sms pool, <c>voice</c> while it is bound on a voice channel): unassign it first.
    /// </remarks>
    [Alias("RegisterAsync")]
    Task<SmsResult<PhoneNumberInfo>> RegisterAsync(ResourceOwner owner, PhoneNumberRegistration registration);

    /// <summary>The number whoever holds it, or null when it is not registered: for the engine's own routing and checks.</summary>
    /// <remarks>Callers acting for a tenant use <see cref="DescribeAsync"/>, which applies the ownership check.</remarks>
    [Alias("GetAsync"), ReadOnly]
    Task<PhoneNumberInfo?> GetAsync();

    /// <summary>The number, or null when it is not registered or not <paramref name="owner"/>'s (tenant and environment).</summary>
    [Alias("DescribeAsync"), ReadOnly]
    Task<PhoneNumberInfo?> DescribeAsync(ResourceOwner owner);

    /// <summary>Sets the compliance state; <c>not_found</c> when the number is not <paramref name="owner"/>'s.</summary>
    [Alias("SetComplianceAsync")]
    Task<SmsResult<PhoneNumberInfo>> SetComplianceAsync(ResourceOwner owner, ComplianceUpdate update);

    /// <summary>
    /// Sets the number's own send rate in message segments per second (0 &lt; <paramref name="mps"/> ≤ 1000), or with null
    /// goes back to its type's default; <c>invalid_request</c> for a rate out of range, <c>not_found</c> when the number is
    /// not <paramref name="owner"/>'s.
    /// </summary>
    [Alias("SetMpsAsync")]
    Task<SmsResult<PhoneNumberInfo>> SetMpsAsync(ResourceOwner owner, double? mps);

    /// <summary>
    /// Claims the number for an sms use case after the compliance gate. The claim is pending until
    /// <see cref="ConfirmSmsAsync"/>; claiming again for the same use case resumes an interrupted assignment.
    /// </summary>
    /// <remarks><c>not_found</c> when the number is not <paramref name="owner"/>'s (the use case's owner).</remarks>
    [Alias("ClaimSmsAsync")]
    Task<SmsResult<SmsClaim>> ClaimSmsAsync(ResourceOwner owner, string useCaseId);

    /// <summary>Marks the claim of <paramref name="useCaseId"/> as complete (provider and pool updated).</summary>
    [Alias("ConfirmSmsAsync")]
    Task ConfirmSmsAsync(string useCaseId);

    /// <summary>Releases the number from <paramref name="useCaseId"/>; a no-op when it is not assigned there.</summary>
    [Alias("ReleaseSmsAsync")]
    Task ReleaseSmsAsync(string useCaseId);

    /// <summary>Binds the number on a voice channel (<c>voice_inbound</c>, <c>voice_outbound</c>, <c>voicemail</c>) of a use case.</summary>
    /// <remarks><c>not_found</c> when the number is not <paramref name="owner"/>'s (the use case's owner).</remarks>
    [Alias("BindVoiceAsync")]
    Task<SmsResult<SmsClaim>> BindVoiceAsync(ResourceOwner owner, string channel, string useCaseId);

    /// <summary>Removes the voice binding of <paramref name="useCaseId"/> on a channel; a no-op when absent.</summary>
    [Alias("UnbindVoiceAsync")]
    Task UnbindVoiceAsync(string channel, string useCaseId);
}

/// <summary>The result of a claim: whether it changed anything (a repeat of a completed assignment does not).</summary>
/// <param name="Number">The number after the claim.</param>
/// <param name="Changed">False when the number already stood assigned there.</param>
[GenerateSerializer, Immutable, Alias("sms.SmsClaim")]
public sealed record class SmsClaim(
    [property: Id(0)] PhoneNumberInfo Number,
    [property: Id(1)] bool Changed);

/// <summary>A change of compliance; null members stay as they are.</summary>
/// <param name="TollFreeVerification">Toll-free verification state.</param>
/// <param name="A2pCampaignId">A2P 10DLC campaign id.</param>
/// <param name="A2pCampaignStatus">A2P campaign state.</param>
[GenerateSerializer, Immutable, Alias("sms.ComplianceUpdate")]
public sealed record class ComplianceUpdate(
    [property: Id(0)] ComplianceStatus? TollFreeVerification,
    [property: Id(1)] string? A2pCampaignId,
    [property: Id(2)] ComplianceStatus? A2pCampaignStatus);

/// <summary>The kind of number, which decides its compliance regime.</summary>
[GenerateSerializer]
public enum PhoneNumberType
{
    /// <summary>A local (10DLC in the US) number: needs an approved A2P campaign for sms.</summary>
    Local,
    /// <summary>A national number: needs an approved A2P campaign for sms.</summary>
    National,
    /// <summary>A toll-free number: needs approved toll-free verification for sms.</summary>
    TollFree,
    /// <summary>A short code.</summary>
    ShortCode,
    /// <summary>A mobile number.</summary>
    Mobile,
}

/// <summary>Review state of a compliance registration.</summary>
[GenerateSerializer]
public enum ComplianceStatus
{
    /// <summary>Submitted, not decided.</summary>
    Pending,
    /// <summary>Approved: traffic may flow.</summary>
    Approved,
    /// <summary>Rejected (or revoked).</summary>
    Rejected,
}

/// <summary>What registering a number says about it.</summary>
/// <param name="Type">Kind of number.</param>
/// <param name="Capabilities">Subset of <c>sms</c>, <c>voice</c>, <c>mms</c>.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
/// <param name="TollFreeVerification">Toll-free verification state, if any.</param>
/// <param name="A2pCampaignId">A2P 10DLC campaign id, if any.</param>
/// <param name="A2pCampaignStatus">A2P campaign state, if any.</param>
[GenerateSerializer, Immutable, Alias("sms.PhoneNumberRegistration")]
public sealed record class PhoneNumberRegistration(
    [property: Id(0)] PhoneNumberType Type,
    [property: Id(1)] IReadOnlyList<string> Capabilities,
    [property: Id(2)] string Environment,
    [property: Id(3)] ComplianceStatus? TollFreeVerification = null,
    [property: Id(4)] string? A2pCampaignId = null,
    [property: Id(5)] ComplianceStatus? A2pCampaignStatus = null);

/// <summary>A registered number and its bindings.</summary>
/// <param name="PhoneNumber">E.164.</param>
/// <param name="TenantId">Owner.</param>
/// <param name="Registration">Type, capabilities, environment and compliance.</param>
/// <param name="SmsUseCaseId">The sms use case whose pool holds it, if any.</param>
/// <param name="SmsConfirmed">False while an sms assignment is still in progress.</param>
/// <param name="VoiceBindings">Voice channel → use case id.</param>
/// <param name="Mps">The number's own send rate in segments per second; null for its type's default.</param>
[GenerateSerializer, Immutable, Alias("sms.PhoneNumberInfo")]
public sealed record class PhoneNumberInfo(
    [property: Id(0)] string PhoneNumber,
    [property: Id(1)] string TenantId,
    [property: Id(2)] PhoneNumberRegistration Registration,
    [property: Id(3)] string? SmsUseCaseId,
    [property: Id(4)] bool SmsConfirmed = false,
    [property: Id(5)] IReadOnlyDictionary<string, string>? VoiceBindings = null,
    [property: Id(6)] double? Mps = null)
{
    /// <summary>True when the number may send sms now: sms-capable and its compliance approved where its type needs it.</summary>
    public bool CanSendSms => SmsGate.Check(this) is null;

    /// <summary>True when the number may send sms now for <paramref name="useCaseId"/>: in its pool, and <see cref="CanSendSms"/>.</summary>
    public bool SendsSmsFor(string useCaseId) => SmsUseCaseId == useCaseId && CanSendSms;

    /// <summary>Who holds the number: its tenant in its environment.</summary>
    public ResourceOwner Owner => new(TenantId, Registration.Environment);
}
