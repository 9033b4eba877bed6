namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>Wall-clock instants in a time zone, for tests that move a fake clock to them.</summary>
internal static class LocalTime
{
    /// <summary>The next instant after <paramref name="now"/> at which <paramref name="zone"/>'s wall clock reads <paramref name="local"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset now, TimeZoneInfo zone, TimeOnly local)
    {
        for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime); ; day = day.AddDays(1))
        {
            var wall = day.ToDateTime(local);
            if (zone.IsInvalidTime(wall))
            {
                continue;
            }
            var at = new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
            if (at > now)
            {
                return at;
            }
        }
    }
}
