namespace Orleans.Sms.Usage;

/// <summary>
/// A day's usage as it is stored: counting is idempotent per source (a conversation), so the day keeps each source's
/// last applied entry, one per conversation of the day: 100,000 of them on a busy day. In one record every write would
/// serialize them all (and an Azure table row holds 1 MB), so they are kept in pages of at most
/// <see cref="PageCapacity"/> sources: only the last page takes new entries and is written; the earlier ones are only
/// read, when the day activates. The day's counters are the pages' counters added up.
/// </summary>
internal sealed class UsageLedger
{
    /// <summary>Sources per page: a page write stays in the tens of kilobytes.</summary>
    public const int PageCapacity = 500;

    private readonly List<UsageState> _pages;
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <param name="pages">The stored pages in order, page 0 first (at least page 0, empty for a new day).</param>
    public UsageLedger(IReadOnlyList<UsageState> pages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pages.Count);
        _pages = [.. pages];
        foreach (var (source, sequence) in _pages.SelectMany(p => p.Applied))
        {
            _last[source] = Math.Max(sequence, _last.GetValueOrDefault(source, long.MinValue));
        }
    }

    /// <summary>How many pages page 0 says the day has (a day stored before pages had one).</summary>
    public static int PagesOf(UsageState first) => Math.Max(first.Pages, 1);

    /// <summary>Pages so far; the last one takes new entries.</summary>
    public int PageCount => _pages.Count;

    /// <summary>The source has had this entry (or a later one) applied already.</summary>
    public bool IsRepeat(UsageEntry entry) => _last.TryGetValue(entry.Source, out var last) && entry.Sequence <= last;

    /// <summary>The entry is new and its source would be one too many for the last page: a page must be added first.</summary>
    public bool NeedsNewPage(UsageEntry entry) =>
        !IsRepeat(entry) && !_pages[^1].Applied.ContainsKey(entry.Source) && _pages[^1].Applied.Count >= PageCapacity;

    /// <summary>
    /// Names one more page in page 0 (<see cref="UsageState.Pages"/>). Page 0 must be stored so before the page is added
    /// (<see cref="AddPage"/>) and written: a read of the day then never misses a page.
    /// </summary>
    public void AnnouncePage() => _pages[0].Pages = _pages.Count + 1;

    /// <summary>Adds the page <see cref="AnnouncePage"/> named, empty, as the last page.</summary>
    public UsageState AddPage()
    {
        if (_pages[0].Pages != _pages.Count + 1)
        {
            throw new InvalidOperationException("A page is added once page 0 names it.");
        }
        var page = new UsageState();
        _pages.Add(page);
        return page;
    }

    /// <summary>Applies a new entry to the last page (the page whose record to write); null for a repeat.</summary>
    public int? TryApply(UsageEntry entry)
    {
        if (IsRepeat(entry))
        {
            return null;
        }
        if (NeedsNewPage(entry))
        {
            throw new InvalidOperationException("The last page is full: add a page first.");
        }
        _pages[^1].Add(entry);
        _last[entry.Source] = entry.Sequence;
        return _pages.Count - 1;
    }

    /// <summary>The state name of a page's record; page 0 keeps the name the day had when it was one record.</summary>
    public static string StateName(int page) => page == 0 ? "usage" : $"usage-{page}";

    /// <summary>The day's counters.</summary>
    public DailyUsage Totals(DateOnly day) => new(day,
        _pages.Sum(p => p.InboundMessages), _pages.Sum(p => p.InboundSegments),
        _pages.Sum(p => p.OutboundMessages), _pages.Sum(p => p.OutboundSegments));
}
