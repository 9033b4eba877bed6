namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>Settings of the reminder agent, from the <c>ReminderAgent</c> section.</summary>
public sealed class ReminderAgentOptions
{
    public const string SectionName = "ReminderAgent";

    /// <summary>The use case's webhook secret: requests not signed with it are refused.</summary>
    public string Secret { get; set; } = "";
}
