namespace Orleans.Sms.UseCases;

/// <summary>A use case: what an agent does on a channel for a tenant. Keyed by use case id.</summary>
[Alias("sms.IUseCaseGrain")]
public interface IUseCaseGrain : IGrainWithStringKey
{
    /// <summary>Creates the use case; calling it again returns the existing definition unchanged.</summary>
    [Alias("CreateAsync")]
    Task<UseCaseDefinition> CreateAsync(UseCaseDefinition definition);

    /// <summary>The use case, or null when it does not exist.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<UseCaseDefinition?> GetAsync();
}

/// <summary>The agent that answers a use case's conversations (CONTRACT §10).</summary>
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
/// <param name="Channel"><c>sms</c>, <c>voice_inbound</c>, <c>voice_outbound</c> or <c>voicemail</c>.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
/// <param name="Agent">The agent, or null when only humans reply.</param>
/// <param name="Greeting">Opening message of agent-started sessions.</param>
/// <param name="Instructions">System prompt of chat agents.</param>
/// <param name="WarningMessage">Text of the inactivity warning; the engine's default when null.</param>
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
    [property: Id(8)] string? WarningMessage);
