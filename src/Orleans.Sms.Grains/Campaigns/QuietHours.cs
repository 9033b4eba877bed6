using System.Collections.Concurrent;
using PhoneNumbers;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// The quiet-hours rule (docs/api.md: Campaigns): when a message to a number may go out. The window [Start, End) is read on the
/// recipient's <b>wall clock</b>, in the zones libphonenumber gives for the number; where it gives several, the window must
/// hold in every one of them at once. The settings' zone serves only numbers without a known zone, or whose zones share no
/// window within <see cref="CommonWindowHorizon"/>. Request parsing is in QuietHours.Parse.cs.
/// </summary>
/// <remarks>
/// Wall clock, instant by instant: a Start inside a spring-forward gap opens at the first instant after the gap (03:00 for a
/// 02:30 start); on the fall-back day the repeated hour is in or out of the window as its clock reads (with Start 01:30, the
/// second 01:00–01:29 is out again). <see cref="HoldUntil"/> returns the earliest allowed instant, at which it returns null:
/// a held message is released once, not held again at its release.
/// </remarks>
public static partial class QuietHours
{
    /// <summary>How far ahead a number's zones are searched for a common window before the settings' zone is used instead.</summary>
    public static readonly TimeSpan CommonWindowHorizon = TimeSpan.FromDays(8);

    private const string UnknownZone = "Etc/Unknown";
    private const long Day = TimeSpan.TicksPerDay;

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> ZonesById = new(StringComparer.Ordinal);

    // Keyed by the mapper's answer: bounded, since libphonenumber has a finite set of zone lists (a few hundred).
    private static readonly ConcurrentDictionary<IList<string>, TimeZoneInfo[]> ZoneSets = new(ZoneListComparer.Instance);

    /// <summary>
    /// When a message to <paramref name="e164"/> may go: null when it may go at <paramref name="now"/>, else the earliest
    /// instant after it (in UTC) at which it may. Always null when the settings are disabled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings' zone is not known on this machine (no tzdata?).</exception>
    public static DateTimeOffset? HoldUntil(QuietHoursSettings settings, string e164, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return null;
        }
        var window = new Window(settings.Start, settings.End);
        var from = now.UtcTicks;
        var zones = ZonesOf(e164);
        if (zones.Length == 0 || !TryFirstCommonOpen(zones, window, from, out var open))
        {
            open = NextOpen(SettingsZone(settings.TimeZone), window, from);
        }
        return open == from ? null : new DateTimeOffset(open, TimeSpan.Zero);
    }

    /// <summary>The resolved zones of a number; empty when libphonenumber knows none (or the number does not parse).</summary>
    internal static TimeZoneInfo[] ZonesOf(string e164)
    {
        IList<string> ids;
        try
        {
            ids = Mapper.GetTimeZonesForNumber(Numbers.Parse(e164, Messaging.E164.DefaultRegion));
        }
        catch (NumberParseException)
        {
            return [];
        }
        if (ZoneSets.TryGetValue(ids, out var zones))
        {
            return zones;
        }
        zones = Resolve(ids);
        ZoneSets.TryAdd(ids.ToArray(), zones);
        return zones;
    }

    private static TimeZoneInfo[] Resolve(IList<string> ids)
    {
        var zones = new List<TimeZoneInfo>(ids.Count);
        foreach (var id in ids)
        {
            // Zones with the same rules (Europe/London and Europe/Jersey) open and close together: search one of them.
            if (id != UnknownZone && TryZone(id, out var zone) && !zones.Exists(z => z.HasSameRules(zone)))
            {
                zones.Add(zone);
            }
        }
        return [.. zones];
    }

    private static TimeZoneInfo SettingsZone(string id) => TryZone(id, out var zone)
        ? zone
        : throw new InvalidOperationException($"Quiet hours: time zone '{id}' is not known on this machine.");

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        if (ZonesById.TryGetValue(id, out zone!))
        {
            return true;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            return false; // not cached: ids come from libphonenumber or from validated settings, a missing one is rare
        }
        zone = ZonesById.GetOrAdd(id, found);
        return true;
    }

    /// <summary>The first instant at or after <paramref name="from"/> open in every zone, searched up to the horizon.</summary>
    private static bool TryFirstCommonOpen(TimeZoneInfo[] zones, Window window, long from, out long open)
    {
        var limit = from + CommonWindowHorizon.Ticks;
        open = from;
        var agreeing = 0;
        // Round robin: a zone closed at `open` moves it to that zone's next opening, which no other zone can have skipped.
        for (var i = 0; open <= limit; i = (i + 1) % zones.Length)
        {
            var next = NextOpen(zones[i], window, open);
            agreeing = next == open ? agreeing + 1 : 1;
            open = next;
            if (agreeing == zones.Length)
            {
                return open <= limit;
            }
        }
        return false;
    }

    /// <summary>The first instant (UTC ticks) at or after <paramref name="from"/> whose wall clock in the zone is in the window.</summary>
    internal static long NextOpen(TimeZoneInfo zone, Window window, long from)
    {
        var at = from;
        // Each turn either answers or moves to an offset change; a day holds at most one or two of those.
        for (var turn = 0; turn < 8; turn++)
        {
            var offset = OffsetAt(zone, at);
            var clock = Mod(at + offset, Day);
            if (window.Contains(clock))
            {
                return at;
            }
            var start = at + Mod(window.Start - clock, Day); // the next Start on this offset
            if (OffsetAt(zone, start) == offset)
            {
                return start;
            }
            // The offset changes before that Start: the clock may jump into the window (over Start, or back into it).
            at = FirstOffsetChange(zone, at, start, offset);
        }
        return at;
    }

    private static long OffsetAt(TimeZoneInfo zone, long utcTicks) =>
        zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    /// <summary>The first instant in (<paramref name="before"/>, <paramref name="after"/>] whose offset is not <paramref name="offset"/>.</summary>
    private static long FirstOffsetChange(TimeZoneInfo zone, long before, long after, long offset)
    {
        // Rare (a DST day): bisect down to the tick.
        while (after - before > 1)
        {
            var middle = before + (after - before) / 2;
            if (OffsetAt(zone, middle) == offset)
            {
                before = middle;
            }
            else
            {
                after = middle;
            }
        }
        return after;
    }

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;

    /// <summary>[Start, End) as ticks of the day; Start after End is overnight.</summary>
    internal readonly record struct Window(long Start, long End)
    {
        public Window(TimeOnly start, TimeOnly end) : this(start.Ticks, end.Ticks)
        {
        }

        public bool Contains(long clock) => Start <= End
            ? clock >= Start && clock < End
            : clock >= Start || clock < End;
    }

    private sealed class ZoneListComparer : IEqualityComparer<IList<string>>
    {
        public static readonly ZoneListComparer Instance = new();

        public bool Equals(IList<string>? x, IList<string>? y)
        {
            if (x is null || y is null || x.Count != y.Count)
            {
                return ReferenceEquals(x, y);
            }
            for (var i = 0; i < x.Count; i++)
            {
                if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }

        public int GetHashCode(IList<string> ids)
        {
            var hash = new HashCode();
            for (var i = 0; i < ids.Count; i++)
            {
                hash.Add(ids[i], StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
