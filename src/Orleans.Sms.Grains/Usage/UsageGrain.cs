using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Orleans.Sms.Usage;

/// <summary>
/// A tenant's day of usage, stored in pages (<see cref="UsageLedger"/>), all read on activation. <see cref="ApplyAsync"/>
/// answers once its delta is written; idempotent per source. A failed write deactivates the grain: storage may have
/// taken it, so the next activation reads what is there, and the callers, told nothing, hand their entries over again.
/// </summary>
[Reentrant] // only to coalesce writes: every method runs to its first await on the grain's own scheduler
internal sealed class UsageGrain(
    [FromKeyedServices(SmsStorage.State)] IGrainStorage storage,
    ILogger<UsageGrain> logger) : Grain, IUsageGrain
{
    private readonly List<UsageRecord> _records = [];
    private UsageLedger _ledger = null!; // set on activation
    private Task? _adding;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var first = new UsageRecord(storage, this.GetGrainId(), 0);
        var pages = new List<UsageState> { await first.ReadAsync() };
        var rest = Enumerable.Range(1, UsageLedger.PagesOf(pages[0]) - 1).Select(page => new UsageRecord(storage, this.GetGrainId(), page)).ToList();
        pages.AddRange(await Task.WhenAll(rest.Select(record => record.ReadAsync())));
        _records.AddRange([first, .. rest]);
        _ledger = new UsageLedger(pages);
    }

    public async Task ApplyAsync(UsageEntry entry)
    {
        try
        {
            while (_ledger.NeedsNewPage(entry))
            {
                if (_adding is null || _adding.IsCompleted)
                {
                    _adding = AddPageAsync();
                }
                await _adding;
            }
            if (_ledger.TryApply(entry) is { } page)
            {
                _records[page].Changed();
            }
            // A repeat waits too: the first may have been applied here but its write failed.
            await Task.WhenAll(_records.Where(r => r.Unwritten).Select(r => r.WrittenAsync()));
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<DailyUsage> GetAsync() =>
        Task.FromResult(_ledger.Totals(DateOnly.ParseExact(this.GetPrimaryKeyString().Split('|')[^1], "yyyy-MM-dd")));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_records.Where(r => r.Unwritten).Select(r => r.WrittenAsync()));
        }
        catch (Exception ex)
        {
            // Nobody was told these were counted: their sources hand them over again.
            logger.LogWarning(ex, "Usage of {UsageKey} not written on deactivation; its sources retry", this.GetPrimaryKeyString());
        }
    }

    /// <summary>A new last page, named in page 0 before anything is written to it, so a read of the day never misses it.</summary>
    private async Task AddPageAsync()
    {
        _ledger.AnnouncePage();
        _records[0].Changed();
        await _records[0].WrittenAsync();
        var number = _ledger.PageCount;
        _records.Add(new UsageRecord(storage, this.GetGrainId(), number, _ledger.AddPage()));
    }
}
