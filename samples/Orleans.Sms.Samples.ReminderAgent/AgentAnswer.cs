using System.Text.Json.Serialization;

namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>
/// The 200 answer: <c>{"reply","status","end_session","context"}</c>. <c>reply</c> is always written (null: nothing to
/// send); the others only when they say something.
/// </summary>
/// <param name="Reply">The SMS to send, or null.</param>
/// <param name="Status">The conversation's new status (<c>completed</c>, <c>follow_up</c>, ...), or null to leave it.</param>
/// <param name="EndSession">True to close the session after the reply.</param>
/// <param name="Context">Members to keep in the conversation's context (merged over it, top level).</param>
public sealed record class AgentAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reply,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool EndSession = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Context = null)
{
    /// <summary><c>{"reply":null}</c>: nothing to say.</summary>
    public static AgentAnswer Nothing { get; } = new(Reply: null);
}
