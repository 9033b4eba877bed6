using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>JSON of the webhook protocol: snake_case members, and the contract's required members really required.</summary>
public static class AgentJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A request without "event" or "messages", or with a null where the contract has a value, is refused (400)
        // rather than half-read: the engine always sends every member.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // Replies go back as JSON, never into HTML: "+1555…" and "it's" stay readable in logs.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
