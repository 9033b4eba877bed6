using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Hosting;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// The account of one CSV import (docs/api.md: CSV imports). The rows are read and written by a runner on the host that holds the
/// file; the runner claims the import, reports each batch, and ends it. Its state is the progress (bounded: at most
/// <see cref="ImportProgress.MaxErrors"/> errors). A durable watchdog ends an import nobody reports on for
/// <see cref="ContactImportGrain.StalledAfter"/> as failed, saying how far it got, so a host that never comes back leaves no import
/// <c>running</c> forever. An import into a campaign (docs/api.md: Campaigns) tells the campaign when it ends, however it ends.
/// </summary>
[Alias("sms.IContactImportGrain")]
internal interface IContactImportGrain : IGrainWithStringKey
{
    /// <summary>Starts the import; with <paramref name="campaignId"/>, the rows' contacts also join that campaign.</summary>
    [Alias("StartAsync")]
    Task StartAsync(ResourceOwner owner, string runner, string? campaignId);

    [Alias("GetAsync")]
    Task<ContactImportView?> GetAsync(ResourceOwner owner);

    /// <summary>
    /// Takes the import up for <paramref name="runner"/>: where to go on from; not granted while another runner reported
    /// within <paramref name="silence"/>, nor once the import ended; null when no import of this id was ever started here.
    /// </summary>
    [Alias("ClaimAsync")]
    Task<ImportClaim?> ClaimAsync(string runner, TimeSpan silence);

    [Alias("SetTotalAsync")]
    Task SetTotalAsync(string runner, int rowsTotal);

    /// <summary>Adds a batch; false when the import is no longer this runner's (it should stop).</summary>
    [Alias("ReportAsync")]
    Task<bool> ReportAsync(string runner, ImportBatchResult batch);

    [Alias("EndAsync")]
    Task EndAsync(string runner, string? failure);
}

/// <summary>What a runner that claimed an import needs: whose it is, and how far it is done.</summary>
[GenerateSerializer, Immutable, Alias("sms.ImportClaim")]
internal sealed record class ImportClaim(
    [property: Id(0)] ResourceOwner Owner,
    [property: Id(1)] int RowsProcessed,
    [property: Id(2)] int RowsTotal,
    [property: Id(3)] bool Granted,
    [property: Id(4)] bool Ended = false,
    [property: Id(5)] string? CampaignId = null);

internal sealed class ContactImportGrain(
    [PersistentState("import", SmsStorage.State)] IPersistentState<ImportProgress> state,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
    ILogger<ContactImportGrain> logger) : Grain, IContactImportGrain, IRemindable
{
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(10);
    private const string Watchdog = "import-watchdog";

    private ImportProgress S => state.State;

    public async Task StartAsync(ResourceOwner owner, string runner, string? campaignId)
    {
        if (S.Exists)
        {
            return;
        }
        S.Owner = owner;
        S.CampaignId = campaignId;
        S.Status = ImportStatus.Running;
        S.Runner = runner;
        S.LastProgressAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(Watchdog, StalledAfter, StalledAfter);
    }

    public Task<ContactImportView?> GetAsync(ResourceOwner owner) =>
        Task.FromResult(S.Owner is { } held && held == owner ? S.ToView(this.GetPrimaryKeyString()) : null);

    public async Task<ImportClaim?> ClaimAsync(string runner, TimeSpan silence)
    {
        if (!S.Exists)
        {
            return null;
        }
        if (S.Status != ImportStatus.Running)
        {
            return new ImportClaim(S.Owner!, S.RowsProcessed, S.RowsTotal, Granted: false, Ended: true);
        }
        if (!S.MayBeClaimed(runner, clock.GetUtcNow(), silence))
        {
            return new ImportClaim(S.Owner!, S.RowsProcessed, S.RowsTotal, Granted: false);
        }
        if (S.Runner != runner)
        {
            logger.LogInformation("Import {ImportId} taken up after row {Row}", this.GetPrimaryKeyString(), S.RowsProcessed);
            S.Runner = runner;
            S.LastProgressAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return new ImportClaim(S.Owner!, S.RowsProcessed, S.RowsTotal, Granted: true, CampaignId: S.CampaignId);
    }

    public async Task SetTotalAsync(string runner, int rowsTotal)
    {
        if (S.Runner == runner && S.Status == ImportStatus.Running && S.RowsTotal != rowsTotal)
        {
            S.RowsTotal = rowsTotal;
            S.LastProgressAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> ReportAsync(string runner, ImportBatchResult batch)
    {
        if (S.Runner != runner || S.Status != ImportStatus.Running)
        {
            return false;
        }
        if (S.Apply(batch, clock.GetUtcNow()))
        {
            await state.WriteStateAsync();
        }
        return true;
    }

    public async Task EndAsync(string runner, string? failure)
    {
        if (S.Runner != runner || S.Status != ImportStatus.Running)
        {
            return;
        }
        S.End(failure);
        await state.WriteStateAsync();
        await StopWatchdogAsync();
        await ReleaseCampaignAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog)
        {
            return;
        }
        if (S.Status == ImportStatus.Running && S.LastProgressAt + StalledAfter <= clock.GetUtcNow())
        {
            S.End("the host running the import stopped and no host took it up again");
            await state.WriteStateAsync();
            await ReleaseCampaignAsync();
        }
        if (S.Status != ImportStatus.Running)
        {
            await StopWatchdogAsync();
        }
    }

    private Task ReleaseCampaignAsync() =>
        S.CampaignId is { } campaignId
            ? GrainFactory.GetGrain<ICampaignGrain>(campaignId).EndImportAsync(this.GetPrimaryKeyString())
            : Task.CompletedTask;

    private async Task StopWatchdogAsync()
    {
        if (await this.GetReminder(Watchdog) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
