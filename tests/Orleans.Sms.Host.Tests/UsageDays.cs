namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The <c>/v1/usage</c> days a test's messages can fall on: from the UTC day it began to the UTC day of each read. A
/// test that asked for "today" only failed when it ran across midnight (its messages counted on the day before).
/// </summary>
public sealed class UsageDays
{
    private readonly DateTime _began = DateTime.UtcNow;

    /// <summary>The query string for the days so far, e.g. <c>from=2026-12-04&amp;to=2026-12-05</c>.</summary>
    public string Query => $"from={_began:yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}";

    /// <summary>The day the test began (<c>yyyy-MM-dd</c>).</summary>
    public string First => _began.ToString("yyyy-MM-dd");
}
