using System.Text.Json;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Campaigns;

public static partial class QuietHours
{
    /// <summary>The longest time zone id taken (the longest IANA id is 32 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    private const string Member = "quiet_hours";

    /// <summary>
    /// Reads the <c>quiet_hours</c> member of a request (docs/api.md: Campaigns). Absent or null → <see cref="QuietHoursSettings.Default"/>.
    /// Otherwise an object of optional members, each null meaning not given: <c>enabled</c> (true/false, default true),
    /// <c>start</c> and <c>end</c> (<c>"HH:mm"</c>, 24-hour; default 08:00 and 21:00; start after end is overnight),
    /// <c>time_zone</c> (an IANA id, default America/New_York). Members given with <c>"enabled":false</c> are checked and kept
    /// all the same. A member of the wrong kind or value, an unknown member, or start equal to end → <c>invalid_request</c>
    /// whose detail names the member.
    /// </summary>
    public static SmsResult<QuietHoursSettings> Parse(JsonElement? element)
    {
        if (element is not { } value || value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return SmsResult<QuietHoursSettings>.Ok(QuietHoursSettings.Default);
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"'{Member}' must be an object or null.");
        }
        var (enabled, start, end, zone) = QuietHoursSettings.Default;
        foreach (var member in value.EnumerateObject())
        {
            var given = member.Value;
            if (given.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (member.Name)
            {
                case "enabled" when given.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    enabled = given.GetBoolean();
                    break;
                case "enabled":
                    return Invalid($"'{Member}.enabled' must be true or false.");
                case "start" or "end":
                    if (!TryReadClock(given, out var clock))
                    {
                        return Invalid($"'{Member}.{member.Name}' must be a 24-hour time HH:mm, e.g. \"08:00\".");
                    }
                    (start, end) = member.Name == "start" ? (clock, end) : (start, clock);
                    break;
                case "time_zone":
                    if (!TryReadZone(given, out zone))
                    {
                        return Invalid($"'{Member}.time_zone' must be an IANA time zone id, e.g. \"America/New_York\".");
                    }
                    break;
                default:
                    return Invalid(member.Name.Length <= MaxTimeZoneLength
                        ? $"'{Member}.{member.Name}' is not a member of {Member}: use enabled, start, end, time_zone."
                        : $"'{Member}' takes only enabled, start, end, time_zone.");
            }
        }
        if (start == end)
        {
            return Invalid($"'{Member}.start' and '{Member}.end' must differ (got {start:HH\\:mm} for both).");
        }
        return SmsResult<QuietHoursSettings>.Ok(new QuietHoursSettings(enabled, start, end, zone));
    }

    private static bool TryReadClock(JsonElement given, out TimeOnly clock)
    {
        clock = default;
        if (given.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var text = given.GetString()!;
        if (text.Length != 5 || text[2] != ':' || !IsDigit(text[0]) || !IsDigit(text[1]) || !IsDigit(text[3]) || !IsDigit(text[4]))
        {
            return false;
        }
        var hour = (text[0] - '0') * 10 + (text[1] - '0');
        var minute = (text[3] - '0') * 10 + (text[4] - '0');
        if (hour > 23 || minute > 59)
        {
            return false;
        }
        clock = new TimeOnly(hour, minute);
        return true;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool TryReadZone(JsonElement given, out string zone)
    {
        zone = "";
        if (given.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var id = given.GetString()!;
        // Shaped like an IANA id before it reaches the file system: no rooted path, no "..", no odd characters.
        if (id.Length is 0 or > MaxTimeZoneLength || id[0] == '/' || id.Contains("..", StringComparison.Ordinal) ||
            !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '-') || id == UnknownZone)
        {
            return false;
        }
        // Linux also finds Windows ids ("Eastern Standard Time"): the contract takes IANA ids only. And .NET finds a
        // miscased id ("america/new_york") only once the zone is in its case-insensitive cache: refuse it always.
        if (!TryZone(id, out var found) || !found.HasIanaId || !string.Equals(found.Id, id, StringComparison.Ordinal))
        {
            return false;
        }
        zone = id;
        return true;
    }

    private static SmsResult<QuietHoursSettings> Invalid(string detail) =>
        SmsResult<QuietHoursSettings>.Fail(SmsErrorCodes.InvalidRequest, detail);
}
