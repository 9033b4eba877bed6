namespace Orleans.Sms.Agents;

/// <summary>The agent types a use case may name (<c>agent.type</c>), each the key its agent is registered under.</summary>
public static class AgentTypes
{
    /// <summary>Every type, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [EchoAgent.Type, WebhookAgent.Type, ChatAgent.Type];
}
