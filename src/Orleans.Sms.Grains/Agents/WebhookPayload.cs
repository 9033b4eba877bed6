using System.Text.Json;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Agents;

/// <summary>The JSON a webhook agent receives (README.md: Agents), snake_case on the wire.</summary>
internal sealed record class WebhookRequest(
    string Event,
    string ConversationId,
    string SessionId,
    string ChannelType,
    string UseCaseId,
    string AgentNumber,
    string CustomerNumber,
    JsonElement Context,
    IReadOnlyList<WebhookMessage> Messages,
    IReadOnlyList<WebhookMessage> Transcript,
    Contacts.Contact? Contact)
{
    /// <summary>The UTF-8 body for <paramref name="turn"/>: these bytes are signed and sent as they are.</summary>
    public static byte[] Serialize(AgentTurn turn) => JsonSerializer.SerializeToUtf8Bytes(
        new WebhookRequest(
            turn.Event,
            turn.ConversationId,
            turn.SessionId,
            "sms",
            turn.UseCase.UseCaseId,
            turn.AgentNumber,
            turn.CustomerNumber,
            AgentJson.ContextObject(turn.ContextJson),
            [.. turn.Messages.Select(WebhookMessage.From)],
            [.. turn.Transcript.Select(WebhookMessage.From)],
            turn.Contact),
        AgentJson.Options);
}

/// <summary>A message as docs/api.md shows it under Conversations (the same shape the conversations API shows).</summary>
internal sealed record class WebhookMessage(
    string MessageId,
    string SessionId,
    MessageDirection Direction,
    MessageRole Role,
    MessageSource Source,
    string Body,
    DateTimeOffset Timestamp,
    int Segments,
    SmsEncoding Encoding,
    string? ProviderMessageSid,
    DeliveryStatus DeliveryStatus,
    string? ErrorCode,
    IReadOnlyList<string> Media)
{
    public static WebhookMessage From(SmsMessage m) => new(
        m.MessageId, m.SessionId, m.Direction, m.Role, m.Source, m.Body, m.Timestamp, m.Segments, m.Encoding,
        m.ProviderMessageSid, m.DeliveryStatus, m.ErrorCode, m.Media ?? []);
}

/// <summary>Reads a webhook agent's 200 answer: <c>{"reply","status","end_session","context"}</c>, every member optional.</summary>
internal static class WebhookAnswer
{
    /// <summary>The reply in <paramref name="body"/>; a body that is not such an object throws <see cref="AgentFailedException"/>.</summary>
    public static AgentReply Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new AgentFailedException($"webhook answered malformed JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"the answer is a JSON {Kind(root)}, not an object");
            }

            var reply = Member(root, "reply", JsonValueKind.String)?.GetString();
            ConversationStatus? status = null;
            if (Member(root, "status", JsonValueKind.String)?.GetString() is { } name)
            {
                status = AgentStatusNames.TryParse(name, out var parsed)
                    ? parsed
                    : throw Malformed($"\"status\" '{name}' is not one of {string.Join(", ", AgentStatusNames.All)}");
            }
            var endSession = Member(root, "end_session", JsonValueKind.True, JsonValueKind.False)?.GetBoolean() ?? false;
            var context = Member(root, "context", JsonValueKind.Object)?.GetRawText();
            return new AgentReply(string.IsNullOrWhiteSpace(reply) ? null : reply, status, endSession, context);
        }
    }

    /// <summary>The member when present and not null; one of <paramref name="kinds"/>, else the answer is malformed.</summary>
    private static JsonElement? Member(JsonElement root, string name, params JsonValueKind[] kinds)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return kinds.Contains(value.ValueKind)
            ? value
            : throw Malformed($"\"{name}\" is a JSON {Kind(value)}");
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    private static AgentFailedException Malformed(string detail) => new($"webhook answered a malformed body: {detail}");
}
