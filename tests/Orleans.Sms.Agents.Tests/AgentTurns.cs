using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents.Tests;

/// <summary>Turns with fixed, known values, so that the exact JSON an agent receives can be asserted.</summary>
internal static class AgentTurns
{
    public const string Instructions = "You book dental check-ups for Smile Clinic. Offer Tuesday or Thursday.";
    public const string ContextJson = """{"patient":{"name":"Ana Silva","last_visit":"2025-09-14"}}""";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly SmsMessage Opening = new(
        "msg_1", "ses_1", MessageDirection.Outbound, MessageRole.Agent, MessageSource.Api,
        "Hi Ana, time for your check-up! Reply to book.", T0, 1, SmsEncoding.Gsm7,
        "SM0001", DeliveryStatus.Delivered, null, []);

    public static readonly SmsMessage Answer = new(
        "msg_2", "ses_1", MessageDirection.Inbound, MessageRole.User, MessageSource.Inbound,
        "Yes please, Tuesday", T0.AddMinutes(3), 1, SmsEncoding.Gsm7,
        "SM0002", DeliveryStatus.Received, null, []);

    public static UseCaseDefinition UseCase(AgentSpec? agent) => new(
        "uc_1", "ten_1", "Check-ups", UseCaseChannels.Sms, "dev", agent, "Hi! Time for a check-up?", Instructions, null);

    /// <summary>A <c>messages</c> turn: the customer's answer to the API's opening, with the conversation's context.</summary>
    public static AgentTurn Messages(AgentSpec? agent, string? contextJson = ContextJson) => new(
        AgentEvents.Messages, "conv_1", "ses_1", UseCase(agent), "+15550001111", "+15552223333",
        [Answer], [Opening, Answer], contextJson);

    /// <summary>A <c>session_started</c> turn with nothing said yet: the agent writes the opening.</summary>
    public static AgentTurn Opener(AgentSpec? agent) => new(
        AgentEvents.SessionStarted, "conv_1", "ses_1", UseCase(agent), "+15550001111", "+15552223333", [], [], ContextJson);
}
