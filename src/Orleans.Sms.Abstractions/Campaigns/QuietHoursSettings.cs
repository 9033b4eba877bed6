namespace Orleans.Sms.Campaigns;

/// <summary>
/// The quiet hours of a campaign or workflow run (docs/api.md: Campaigns): messages go out only while the <b>recipient's</b> local
/// time is in the window [<paramref name="Start"/>, <paramref name="End"/>); a message due outside it is held until it opens.
/// </summary>
/// <param name="Enabled">False: no window at all, messages go out at any hour.</param>
/// <param name="Start">Local time the window opens (inclusive).</param>
/// <param name="End">
/// Local time the window closes (exclusive). Before <paramref name="Start"/> it is an overnight window (e.g. 20:00–06:00);
/// never equal to it (the request parser refuses that).
/// </param>
/// <param name="TimeZone">
/// IANA zone id used only when the recipient's number has no known zone, or its zones share no common window.
/// </param>
[GenerateSerializer, Immutable, Alias("sms.QuietHoursSettings")]
public sealed record class QuietHoursSettings(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End,
    [property: Id(3)] string TimeZone)
{
    /// <summary>The contract's default: on, 08:00–21:00, America/New_York as the fallback zone.</summary>
    public static QuietHoursSettings Default { get; } = new(true, new TimeOnly(8, 0), new TimeOnly(21, 0), "America/New_York");
}
