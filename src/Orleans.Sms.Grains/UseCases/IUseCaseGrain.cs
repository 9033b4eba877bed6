using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.UseCases;

/// <summary>
/// A use case: what an agent does on a channel for a tenant, keyed by use case id. An sms use case is backed by
/// its own <see cref="IMessagingServiceGrain"/> (same key) that owns its exclusive number pool.
/// </summary>
[Alias("sms.IUseCaseGrain")]
public interface IUseCaseGrain : IGrainWithStringKey
{
    /// <summary>Creates the use case (an sms one provisions its messaging service first); a repeat returns the existing one.</summary>
    [Alias("CreateAsync")]
    Task<SmsResult<UseCaseDefinition>> CreateAsync(UseCaseDefinition definition);

    /// <summary>The definition, or null when it does not exist (or was deleted).</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<UseCaseDefinition?> GetAsync();

    /// <summary>The use case with its numbers, or null when it does not exist or is not <paramref name="owner"/>'s (tenant and environment).</summary>
    [Alias("DescribeAsync"), ReadOnly]
    Task<UseCaseView?> DescribeAsync(ResourceOwner owner);

    /// <summary>Assigns a number of the same owner: into the sms pool (gated, exclusive) or onto the use case's voice channel.</summary>
    /// <remarks><c>not_found</c> when the use case or the number is not <paramref name="owner"/>'s (another environment's included).</remarks>
    [Alias("AssignNumberAsync")]
    Task<SmsResult<NumberAssignment>> AssignNumberAsync(ResourceOwner owner, string phoneNumber);

    /// <summary>Removes a number from the use case; removing one that is not there succeeds.</summary>
    [Alias("UnassignNumberAsync")]
    Task<SmsResult<NumberAssignment>> UnassignNumberAsync(ResourceOwner owner, string phoneNumber);

    /// <summary>Deletes the use case; refused with <c>numbers_still_assigned</c> while it has numbers.</summary>
    [Alias("DeleteAsync")]
    Task<SmsResult<bool>> DeleteAsync(ResourceOwner owner);

    /// <summary>A scheduled, running or paused campaign holds the use case (<paramref name="hold"/>), or lets it go.</summary>
    [Alias("HoldForCampaignAsync")]
    Task HoldForCampaignAsync(string campaignId, bool hold);
}

/// <summary>The channels a use case can serve.</summary>
public static class UseCaseChannels
{
    /// <summary>Text messaging.</summary>
    public const string Sms = "sms";
    /// <summary>Inbound calls.</summary>
    public const string VoiceInbound = "voice_inbound";
    /// <summary>Outbound calls.</summary>
    public const string VoiceOutbound = "voice_outbound";
    /// <summary>Voicemail.</summary>
    public const string Voicemail = "voicemail";

    /// <summary>Every channel.</summary>
    public static readonly IReadOnlyList<string> All = [Sms, VoiceInbound, VoiceOutbound, Voicemail];
}

/// <summary>The agent that answers a use case's conversations (README.md: Agents).</summary>
/// <param name="Type"><c>echo</c>, <c>webhook</c> or <c>chat</c>.</param>
/// <param name="Url">Webhook URL (webhook agents).</param>
/// <param name="Secret">HMAC secret (webhook agents).</param>
[GenerateSerializer, Immutable, Alias("sms.AgentSpec")]
public sealed record class AgentSpec(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Url = null,
    [property: Id(2)] string? Secret = null);

/// <summary>A use case's definition.</summary>
/// <param name="UseCaseId">Id.</param>
/// <param name="TenantId">Owner.</param>
/// <param name="Name">Display name.</param>
/// <param name="Channel">One of <see cref="UseCaseChannels"/>.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
/// <param name="Agent">The agent, or null when only humans reply.</param>
/// <param name="Greeting">Opening message of agent-started sessions.</param>
/// <param name="Instructions">System prompt of chat agents.</param>
/// <param name="WarningMessage">Text of the inactivity warning; the engine's default when null.</param>
/// <param name="HelpText">Answer to HELP and INFO; the engine's default when null.</param>
/// <param name="MessagingServiceSid">The provider's messaging service (sms use cases).</param>
/// <param name="BatchWindow">This use case's agent batch window; the engine's <c>Sms:Agent:BatchWindow</c> when null.</param>
[GenerateSerializer, Immutable, Alias("sms.UseCaseDefinition")]
public sealed record class UseCaseDefinition(
    [property: Id(0)] string UseCaseId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Channel,
    [property: Id(4)] string Environment,
    [property: Id(5)] AgentSpec? Agent,
    [property: Id(6)] string? Greeting,
    [property: Id(7)] string? Instructions,
    [property: Id(8)] string? WarningMessage,
    [property: Id(9)] string? HelpText = null,
    [property: Id(10)] string? MessagingServiceSid = null,
    [property: Id(11)] TimeSpan? BatchWindow = null)
{
    /// <summary>True for an sms use case.</summary>
    public bool IsSms => Channel == UseCaseChannels.Sms;

    /// <summary>Who the use case belongs to: its tenant in its environment.</summary>
    public ResourceOwner Owner => new(TenantId, Environment);
}

/// <summary>A use case and its numbers.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Numbers">Its pool (sms) or bound numbers (voice), E.164, sorted.</param>
[GenerateSerializer, Immutable, Alias("sms.UseCaseView")]
public sealed record class UseCaseView(
    [property: Id(0)] UseCaseDefinition Definition,
    [property: Id(1)] IReadOnlyList<string> Numbers);

/// <summary>The result of assigning or unassigning a number.</summary>
/// <param name="UseCaseId">The use case.</param>
/// <param name="PhoneNumber">The number, E.164.</param>
/// <param name="Changed">False when the number already stood (or was already absent) as asked.</param>
[GenerateSerializer, Immutable, Alias("sms.NumberAssignment")]
public sealed record class NumberAssignment(
    [property: Id(0)] string UseCaseId,
    [property: Id(1)] string PhoneNumber,
    [property: Id(2)] bool Changed);
