namespace Orleans.Sms.Numbers;

/// <summary>A provisioned phone number, keyed by its E.164 form.</summary>
[Alias("sms.IPhoneNumberGrain")]
public interface IPhoneNumberGrain : IGrainWithStringKey
{
    /// <summary>Registers the number for a tenant. Registering it again for the same tenant updates it.</summary>
    /// <returns>The number, or null when another tenant holds it.</returns>
    [Alias("RegisterAsync")]
    Task<PhoneNumberInfo?> RegisterAsync(string tenantId, PhoneNumberRegistration registration);

    /// <summary>The number, or null when it is not registered.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<PhoneNumberInfo?> GetAsync();

    /// <summary>Puts the number in the pool of an sms use case (no compliance gating here: see the messaging service).</summary>
    [Alias("BindSmsUseCaseAsync")]
    Task BindSmsUseCaseAsync(string useCaseId);
}

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
    /// <summary>Rejected.</summary>
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

/// <summary>A registered number.</summary>
/// <param name="PhoneNumber">E.164.</param>
/// <param name="TenantId">Owner.</param>
/// <param name="Registration">Type, capabilities, environment and compliance.</param>
/// <param name="SmsUseCaseId">The sms use case whose pool holds it, if any.</param>
[GenerateSerializer, Immutable, Alias("sms.PhoneNumberInfo")]
public sealed record class PhoneNumberInfo(
    [property: Id(0)] string PhoneNumber,
    [property: Id(1)] string TenantId,
    [property: Id(2)] PhoneNumberRegistration Registration,
    [property: Id(3)] string? SmsUseCaseId);
