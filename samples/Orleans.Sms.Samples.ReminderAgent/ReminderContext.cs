using System.Text.Json;

namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>
/// The members of the conversation's context this agent reads: <c>patient</c>, <c>appointment</c> and <c>clinic</c>
/// (given by whoever sent the reminder) and <c>stage</c> (this agent's own memory). Non-string values count as absent.
/// </summary>
public sealed record class ReminderContext(string? Patient, string? Appointment, string? Clinic, string? Stage)
{
    public static ReminderContext From(JsonElement context) => new(
        Text(context, "patient"), Text(context, "appointment"), Text(context, "clinic"), Text(context, "stage"));

    private static string? Text(JsonElement context, string name) =>
        context.ValueKind == JsonValueKind.Object
        && context.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
