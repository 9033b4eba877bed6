using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Errors;
using Orleans.Sms.Hosting;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// Runs the CSV imports whose files this host holds: reads the file from the spool directory in batches, writes them to
/// the contact store and reports each batch to the import's grain. At start it takes up the imports a stopped run of this
/// host left <c>running</c> and goes on after the last reported batch (rows of a batch written but not reported count as
/// updated the second time). An import into a campaign (docs/api.md: Campaigns) also adds each batch's contacts to the campaign
/// before it reports the batch (after a stop, the rows added but not reported count as already present the second time).
/// </summary>
public sealed class ContactImportRunner(
    IGrainFactory grains, IContactStore store, [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
    IOptions<ContactImportOptions> options, ILogger<ContactImportRunner> logger) : BackgroundService
{
    private readonly string _runner = "run_" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ContactImportOptions Options => options.Value;

    /// <summary>Where the file of <paramref name="importId"/> is to be spooled.</summary>
    public string FileOf(string importId) => Path.Combine(Options.SpoolDirectory, importId + ".csv");

    /// <summary>
    /// Starts importing a file already spooled at <see cref="FileOf"/> and checked (header, mapping); with
    /// <paramref name="campaignId"/>, into that campaign, which may refuse (<c>not_found</c>, <c>invalid_campaign_state</c>).
    /// </summary>
    public async Task<SmsResult<ContactImportView>> StartAsync(ResourceOwner owner, string importId, string? mappingJson, string? campaignId = null)
    {
        var campaign = campaignId is null ? null : grains.GetGrain<ICampaignGrain>(campaignId);
        if (campaign is not null && await campaign.BeginImportAsync(owner, importId) is { } refused)
        {
            return SmsResult<ContactImportView>.Fail(refused);
        }
        try
        {
            var manifest = new ImportManifest(owner.TenantId, owner.Environment, mappingJson);
            await File.WriteAllTextAsync(ManifestOf(importId), JsonSerializer.Serialize(manifest));
            var grain = grains.GetGrain<IContactImportGrain>(importId);
            await grain.StartAsync(owner, _runner, campaignId);
            var started = (await grain.GetAsync(owner))!; // as started: a small file may be done before the 202 is written
            Launch(importId, manifest);
            return SmsResult<ContactImportView>.Ok(started);
        }
        catch when (campaign is not null)
        {
            await campaign.EndImportAsync(importId);
            throw;
        }
    }

    /// <summary>Removes what an upload left in the spool directory when its import was never started.</summary>
    public void Discard(string importId) => DeleteFiles(importId);

    /// <summary>A fresh import id.</summary>
    public static string NewId() => "imp_" + Guid.CreateVersion7().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var link = stoppingToken.Register(_stopping.Cancel);
        Directory.CreateDirectory(Options.SpoolDirectory);
        foreach (var manifestPath in Directory.EnumerateFiles(Options.SpoolDirectory, "imp_*.json"))
        {
            var importId = Path.GetFileNameWithoutExtension(manifestPath);
            try
            {
                var manifest = JsonSerializer.Deserialize<ImportManifest>(await File.ReadAllTextAsync(manifestPath, stoppingToken))!;
                Launch(importId, manifest);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                logger.LogWarning(ex, "Import {ImportId} left in {Directory} could not be taken up", importId, Options.SpoolDirectory);
            }
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the imports below see the same token and stop after their current batch, left running for the next start.
        }
        await Task.WhenAll(_running.Values);
    }

    private void Launch(string importId, ImportManifest manifest)
    {
        _running[importId] = Task.Run(async () =>
        {
            try
            {
                await RunAsync(importId, manifest, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopped while it waited to take the import up: the next start asks again.
            }
            catch (Exception ex)
            {
                // The silo may be going down with the host, or storage be unreachable: the file stays, and the next start
                // (or the import's watchdog) settles the import.
                logger.LogWarning(ex, "Import {ImportId} stopped", importId);
            }
            finally
            {
                _running.TryRemove(importId, out _);
            }
        });
    }

    private async Task RunAsync(string importId, ImportManifest manifest, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IContactImportGrain>(importId);
        var claim = await ClaimAsync(grain, cancellationToken);
        if (claim is { Ended: true })
        {
            DeleteFiles(importId); // nothing to go on with
            return;
        }
        if (claim is not { Granted: true })
        {
            // Running under another runner (a host sharing this directory keeps its file), or not an import of this
            // engine's storage at all (another engine on this machine): leave the file alone.
            return;
        }
        string? failure = null;
        try
        {
            if (claim.RowsProcessed == 0)
            {
                await using var counting = File.OpenRead(FileOf(importId));
                await grain.SetTotalAsync(_runner, await ContactCsvReader.CountRecordsAsync(counting, cancellationToken));
            }
            failure = await ImportRowsAsync(grain, claim, manifest.Mapping, FileOf(importId), cancellationToken);
            if (ReferenceEquals(failure, Lost))
            {
                logger.LogWarning("Import {ImportId} was taken up by another host; this one stops", importId);
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Import {ImportId} paused by the host's stop; the next start goes on with it", importId);
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Import {ImportId} could not read its file", importId);
            failure = "the uploaded file could not be read";
        }
        await grain.EndAsync(_runner, failure);
        DeleteFiles(importId);
    }

    /// <summary>
    /// The import's rows in batches of <see cref="ContactImportOptions.BatchSize"/>, one progress report each. A number is in a
    /// batch at most once, so a later row of the same number waits for the batch that holds the earlier one and updates what
    /// it made.
    /// </summary>
    /// <returns>Null when every row is done; else why the file could not be read on, or <see cref="Lost"/>.</returns>
    private async Task<string?> ImportRowsAsync(IContactImportGrain grain, ImportClaim claim, string? mapping, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        var opened = await ContactCsvReader.OpenAsync(stream, mapping, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened.Error.Detail;
        }
        await using var reader = opened.Value;
        var columns = reader.Columns.GroupBy(c => c.Value).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var writer = new ContactImportBatch(store, claim.Owner, clock);
        var audience = claim.CampaignId is { } campaignId ? new ImportAudience(grains.GetGrain<ICampaignGrain>(campaignId), claim.Owner, grain.GetPrimaryKeyString(), logger) : null;
        var batch = new List<ImportRow>(Options.BatchSize);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in reader.ReadRowsAsync(claim.RowsProcessed, cancellationToken))
        {
            var phone = PhoneOf(row);
            if (batch.Count == Options.BatchSize || phone is not null && phones.Contains(phone))
            {
                if (!await FlushAsync(grain, writer, audience, batch, columns, cancellationToken))
                {
                    return Lost;
                }
                phones.Clear();
            }
            batch.Add(row);
            if (phone is not null)
            {
                phones.Add(phone);
            }
        }
        return await FlushAsync(grain, writer, audience, batch, columns, cancellationToken) ? null : Lost;
    }

    /// <summary>Writes a batch, adds its contacts to the campaign if any, and reports it; false when the import is no longer this runner's.</summary>
    private async Task<bool> FlushAsync(IContactImportGrain grain, ContactImportBatch writer, ImportAudience? audience,
        List<ImportRow> batch, Dictionary<string, string> columns, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }
        var applied = await writer.ApplyAsync(batch, member => columns.GetValueOrDefault(member), cancellationToken);
        batch.Clear();
        var result = audience is null ? applied.Result : await audience.JoinAsync(applied);
        return await grain.ReportAsync(_runner, result);
    }

    /// <summary>The import was taken up by another runner meanwhile: this one stops and leaves its file and status alone.</summary>
    private const string Lost = "lost";

    private async Task<ImportClaim?> ClaimAsync(IContactImportGrain grain, CancellationToken cancellationToken)
    {
        // A restarted host finds its imports silent for less than ClaimAfter: it asks again until they may be taken up.
        var deadline = clock.GetUtcNow() + Options.ClaimAfter * 3;
        while (true)
        {
            var claim = await grain.ClaimAsync(_runner, Options.ClaimAfter);
            if (claim is null or { Granted: true } or { Ended: true } || clock.GetUtcNow() > deadline)
            {
                return claim;
            }
            await Task.Delay(Options.ClaimAfter / 4, clock, cancellationToken);
        }
    }

    /// <summary>The row's number: the reader hands valid rows over with it in E.164 already, so no second parse.</summary>
    private static string? PhoneOf(ImportRow row) =>
        row.Changes is { } changes && changes.TryGet(ContactMembers.PhoneNumber, out var e164) ? e164 : null;

    private string ManifestOf(string importId) => Path.Combine(Options.SpoolDirectory, importId + ".json");

    private void DeleteFiles(string importId)
    {
        File.Delete(FileOf(importId));
        File.Delete(ManifestOf(importId));
    }

    public override void Dispose()
    {
        // The base first: disposing a runner that was never stopped (a later service failed to start) cancels its stop
        // token, whose link cancels _stopping, which must not be disposed yet.
        base.Dispose();
        _stopping.Dispose();
    }

    private sealed record class ImportManifest(string TenantId, string Environment, string? Mapping);
}
