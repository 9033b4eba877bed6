using System.Globalization;

namespace Orleans.Sms.Host.Apis;

/// <summary>The <c>limit</c> of part two's lists: 50 by default, 1 to the list's maximum; anything else is <c>invalid_limit</c>.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;

    /// <summary>The page size asked for, or null when <paramref name="limit"/> is not a whole number in range.</summary>
    public static int? ReadLimit(string? limit, int max, int defaultLimit = DefaultLimit)
    {
        if (limit is null)
        {
            return defaultLimit;
        }
        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max ? value : null;
    }
}
