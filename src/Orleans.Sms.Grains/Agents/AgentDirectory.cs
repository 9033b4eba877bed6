using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents;

/// <summary>Resolves agent specs to agents registered in DI, keyed by their type name.</summary>
internal sealed class AgentDirectory(IServiceProvider services) : IAgentDirectory
{
    public ISmsAgent? Resolve(AgentSpec? spec) =>
        spec is null ? null : services.GetKeyedService<ISmsAgent>(spec.Type.ToLowerInvariant());
}
