namespace Orleans.Sms.UseCases;

/// <summary>Which usable pool number talks to a recipient (docs/api.md: Sending; the explicit sender is checked before).</summary>
public static class SenderSelection
{
    /// <summary>Sticky sender, else a North American area-code match, else a stable spread over the usable numbers.</summary>
    public static string Choose(IReadOnlyList<string> usable, string customerNumber, string? lastSender)
    {
        if (lastSender is not null && usable.Contains(lastSender))
        {
            return lastSender;
        }
        var candidates = usable;
        if (AreaCode(customerNumber) is { } area)
        {
            var local = usable.Where(n => AreaCode(n) == area).ToList();
            candidates = local.Count > 0 ? local : usable;
        }
        var ordered = candidates.Order(StringComparer.Ordinal).ToList();
        return ordered[(int)(StableHash(customerNumber) % (uint)ordered.Count)];
    }

    /// <summary>The NPA of a North American (+1) number.</summary>
    private static string? AreaCode(string e164) => e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal) ? e164[2..5] : null;

    /// <summary>FNV-1a: the same recipient lands on the same number on every silo and after restarts.</summary>
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
