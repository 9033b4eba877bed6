using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Sms.Samples.Tests;

/// <summary>
/// Request bodies as the engine builds them (README.md: Agents): every member, snake_case, messages in the docs/api.md: Conversations shape, the
/// same serializer settings as the engine's webhook agent.
/// </summary>
internal static class EngineTurns
{
    public const string ReminderContext = """{"patient":"Ana","appointment":"Tue 3 Mar 09:00","clinic":"Smile Dental"}""";
    public const string Reminder =
        "Hi Ana, this is Smile Dental: a reminder of your appointment on Tue 3 Mar 09:00. Reply C to confirm, R to reschedule or X to cancel.";

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The agent-written opening: <c>session_started</c>, nothing said yet.</summary>
    public static byte[] Opening(string context = ReminderContext) => Body("session_started", context, [], []);

    /// <summary>The customer's <paramref name="texts"/> as one batch, after the reminder and <paramref name="earlier"/> turns.</summary>
    public static byte[] Messages(string context, params string[] texts) => Messages(context, [], texts);

    public static byte[] Messages(string context, IReadOnlyList<Message> earlier, params string[] texts)
    {
        var batch = texts.Select((text, i) => Inbound(text, earlier.Count + 2 + i)).ToList();
        return Body("messages", context, batch, [Outbound(Reminder, 1), .. earlier, .. batch]);
    }

    /// <summary>The customer texted first: <c>session_started</c> with the first message.</summary>
    public static byte[] CustomerFirst(string context, string text)
    {
        var first = Inbound(text, 1);
        return Body("session_started", context, [first], [first]);
    }

    /// <summary>The session went quiet and the engine sent its warning: the agent is told, nothing is asked.</summary>
    public static byte[] WarningTimeout(string context) => Body("warning_timeout", context, [], [Outbound(Reminder, 1)]);

    public static Message Inbound(string text, int n) => new(
        $"msg_{n}", "ses_1", "inbound", "user", "inbound", text, T0.AddMinutes(n), 1, "GSM-7", $"SM{n:0000}", "received", null, []);

    public static Message Outbound(string text, int n) => new(
        $"msg_{n}", "ses_1", "outbound", "agent", "sms_agent", text, T0.AddMinutes(n), 1, "GSM-7", $"SM{n:0000}", "delivered", null, []);

    private static byte[] Body(string @event, string context, IReadOnlyList<Message> messages, IReadOnlyList<Message> transcript) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new Turn(@event, "conv_1", "ses_1", "sms", "uc_reminders", "+15555550142", "+15551230001",
                JsonDocument.Parse(context).RootElement, messages, transcript),
            Json);

    private sealed record class Turn(
        string Event, string ConversationId, string SessionId, string ChannelType, string UseCaseId, string AgentNumber,
        string CustomerNumber, JsonElement Context, IReadOnlyList<Message> Messages, IReadOnlyList<Message> Transcript);

    internal sealed record class Message(
        string MessageId, string SessionId, string Direction, string Role, string Source, string Body, DateTimeOffset Timestamp,
        int Segments, string Encoding, string? ProviderMessageSid, string DeliveryStatus, string? ErrorCode, IReadOnlyList<string> Media);
}
