namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>
/// The whole dialogue, deterministic and keyword-driven: write the reminder, then confirm (C), reschedule (R, then a
/// day) or cancel (X). The state between turns is the <c>stage</c> kept in the conversation's context.
/// </summary>
/// <remarks>
/// The reminder asks for single letters on purpose: the engine answers carrier keywords itself and never passes them
/// to the agent (a whole-message <c>YES</c> opts in, <c>CANCEL</c> or <c>STOP</c> opts out). "yes", "confirm",
/// "reschedule" and "cancel" are still understood for agents reached without such a front.
/// </remarks>
public static class ReminderScript
{
    public const string Menu = "Reply C to confirm, R to reschedule or X to cancel.";
    public const string AskForDay = "Which day would suit you better? Reply with a day of the week, e.g. Thursday.";

    private static readonly HashSet<string> Confirm = new(StringComparer.OrdinalIgnoreCase) { "c", "confirm", "yes" };
    private static readonly HashSet<string> Reschedule = new(StringComparer.OrdinalIgnoreCase) { "r", "reschedule" };
    private static readonly HashSet<string> Cancel = new(StringComparer.OrdinalIgnoreCase) { "x", "cancel" };

    public static AgentAnswer Answer(AgentRequest request)
    {
        var context = ReminderContext.From(request.Context);
        return request.Event switch
        {
            "session_started" when request.Messages.Count == 0 => Opening(context),
            "session_started" or "messages" => Reply(context, LastCustomerText(request.Messages)),
            // warning_timeout: the engine has sent the use case's warning itself; nothing to add. Unknown events
            // (a newer engine) get the same answer rather than an error that would be retried.
            _ => AgentAnswer.Nothing,
        };
    }

    /// <summary>An opening with no message: the sender asked this agent to write the reminder from the context.</summary>
    private static AgentAnswer Opening(ReminderContext c) => c.Appointment is null
        ? AgentAnswer.Nothing // nothing to remind of: the engine falls back to the use case's greeting, if any
        : new AgentAnswer(
            $"Hi{Name(c)}, this is {c.Clinic ?? "your clinic"}: a reminder of your appointment on {c.Appointment}. {Menu}",
            Context: Stage("reminded"));

    private static AgentAnswer Reply(ReminderContext c, string text)
    {
        var word = text.Trim().TrimEnd('.', '!', '?').Trim();
        if (Confirm.Contains(word))
        {
            return new AgentAnswer(
                $"Thank you{Name(c)}! Your appointment{On(c)} is confirmed. See you then.",
                "completed", EndSession: true, Stage("confirmed"));
        }
        if (Cancel.Contains(word))
        {
            return new AgentAnswer(
                $"Your appointment{On(c)} is cancelled. Text or call us whenever you want to book again.",
                "incomplete", EndSession: true, Stage("cancelled"));
        }
        if (Reschedule.Contains(word))
        {
            return new AgentAnswer($"No problem. {AskForDay}", Context: Stage("rescheduling"));
        }
        if (c.Stage == "rescheduling")
        {
            // A person books the new time: the conversation is handed over as follow_up, with the wish in its context.
            return Weekday.Find(text) is { } day
                ? new AgentAnswer(
                    $"Thanks, noted: {day}. Someone from {c.Clinic ?? "the clinic"} will contact you to book the new time.",
                    "follow_up", EndSession: true,
                    new Dictionary<string, string> { ["stage"] = "reschedule_requested", ["preferred_day"] = day })
                : new AgentAnswer($"{AskForDay} Or reply X to cancel.");
        }
        return new AgentAnswer($"Sorry, I did not get that. {Menu}");
    }

    /// <summary>The newest message the customer wrote in the batch (a batch may hold several).</summary>
    private static string LastCustomerText(IReadOnlyList<AgentMessage> messages) =>
        messages.LastOrDefault(m => m.Role == "user")?.Body ?? "";

    private static string Name(ReminderContext c) => c.Patient is null ? "" : $" {c.Patient}";

    private static string On(ReminderContext c) => c.Appointment is null ? "" : $" on {c.Appointment}";

    private static Dictionary<string, string> Stage(string stage) => new() { ["stage"] = stage };
}
