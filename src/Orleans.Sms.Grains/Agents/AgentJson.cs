using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Sms.Agents;

/// <summary>JSON settings of the agent protocol (README.md: Agents): snake_case names and enum values, nulls written.</summary>
internal static class AgentJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Agents read phone numbers and message text: "+1555…" rather than "\u002B1555…". The body is
        // sent as application/json, never embedded in HTML, so the relaxed encoder is safe here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The context object of a turn as a JSON element: <c>{}</c> when absent, invalid or not an object.</summary>
    public static JsonElement ContextObject(string? contextJson)
    {
        if (!string.IsNullOrWhiteSpace(contextJson))
        {
            try
            {
                using var document = JsonDocument.Parse(contextJson);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // The engine keeps the context as an object; anything else is treated as empty rather than failing the turn.
            }
        }
        return EmptyObject;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
