namespace Orleans.Sms.AzureStorage;

/// <summary>
/// The tables of one engine, all named <c>{prefix}{role}</c>. Azure table names are 3–63 letters and digits,
/// starting with a letter, case-insensitive.
/// </summary>
/// <remarks>
/// Plain strings, no Azure dependency: the silo (Orleans.Sms.AzureStorage) and the client SDK (Orleans.Sms.Client)
/// name the membership table from this one definition, so a client finds the gateways of the silos with the same prefix.
/// </remarks>
/// <param name="Prefix">The prefix every name starts with.</param>
public sealed record class SmsTableNames(string Prefix)
{
    /// <summary>The table prefix used when none is given (the engine's <c>Sms:AzureStorage:TablePrefix</c> default).</summary>
    public const string DefaultPrefix = "sms";

    /// <summary>The longest suffix below; the prefix may take the rest of the 63 characters.</summary>
    private const int LongestSuffix = 13; // "conversations"

    /// <summary>Orleans cluster membership (Orleans' default is <c>OrleansSiloInstances</c>).</summary>
    public string Silos => Prefix + "silos";

    /// <summary>Orleans grain state of the <c>sms</c> storage provider (default <c>OrleansGrainState</c>).</summary>
    public string GrainState => Prefix + "grains";

    /// <summary>Orleans reminders (default <c>OrleansReminders</c>).</summary>
    public string Reminders => Prefix + "reminders";

    /// <summary>The message archive: every message of every conversation.</summary>
    public string Messages => Prefix + "messages";

    /// <summary>Every session of every conversation.</summary>
    public string Sessions => Prefix + "sessions";

    /// <summary>Inbound messages to a number in no sms pool.</summary>
    public string Unrouted => Prefix + "unrouted";

    /// <summary>The recipients of messaging services (opt-out and sticky sender), a row each, grouped by use case.</summary>
    public string Recipients => Prefix + "recipients";

    /// <summary>Why <paramref name="prefix"/> cannot start a table name, or null when it can.</summary>
    public static string? PrefixProblem(string? prefix)
    {
        if (prefix is null)
        {
            return "is required";
        }
        if (prefix.Length > 63 - LongestSuffix)
        {
            return $"must be at most {63 - LongestSuffix} characters";
        }
        if (prefix.Length > 0 && !char.IsAsciiLetter(prefix[0]))
        {
            return "must start with a letter";
        }
        return prefix.All(char.IsAsciiLetterOrDigit) ? null : "must contain only letters and digits";
    }
}
