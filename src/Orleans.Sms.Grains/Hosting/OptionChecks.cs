namespace Orleans.Sms;

/// <summary>Shared checks for option validators; each failure names the configuration key.</summary>
internal static class OptionChecks
{
    /// <summary>Orleans reminders cannot be due further out than this (a timer limit of about 49.7 days).</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 2);

    public static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a duration greater than zero (got '{value}').");
        }
    }

    public static void NotNegative(List<string> failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero || value > MaxTimer)
        {
            failures.Add($"{key} must be a duration of zero or more (got '{value}').");
        }
    }

    public static void OneOf(List<string> failures, string key, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{key} must be one of {string.Join(", ", allowed)} (got '{value}').");
        }
    }
}
