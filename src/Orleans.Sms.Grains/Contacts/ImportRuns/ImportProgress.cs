using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// The running account of one import (its grain's state): counts that always add up to the records processed, the first
/// <see cref="MaxErrors"/> row errors, and the decisions of a batch report (a repeated report changes nothing).
/// </summary>
[GenerateSerializer, Alias("sms.ImportProgress")]
public sealed class ImportProgress
{
    /// <summary>Row errors listed; more are counted in <c>failed</c> only.</summary>
    public const int MaxErrors = 1000;

    [Id(0)] public ResourceOwner? Owner { get; set; }
    [Id(1)] public ImportStatus Status { get; set; }
    [Id(2)] public int RowsTotal { get; set; }
    [Id(3)] public int RowsProcessed { get; set; }
    [Id(4)] public int Created { get; set; }
    [Id(5)] public int Updated { get; set; }
    [Id(6)] public int Failed { get; set; }
    [Id(7)] public List<ImportRowError> Errors { get; set; } = [];
    [Id(8)] public bool ErrorsTruncated { get; set; }
    [Id(9)] public string? FailureReason { get; set; }
    [Id(10)] public DateTimeOffset LastProgressAt { get; set; }
    [Id(11)] public string? Runner { get; set; }

    /// <summary>The campaign the rows' contacts join (an audience import, docs/api.md: Campaigns), or null for a contact import.</summary>
    [Id(12)] public string? CampaignId { get; set; }
    [Id(13)] public int Added { get; set; }
    [Id(14)] public int AlreadyPresent { get; set; }

    /// <summary>True once the import has been started.</summary>
    public bool Exists => Owner is not null;

    /// <summary>
    /// Adds a batch's outcome. A batch that ends at or before what is already done (a report repeated after a lost answer)
    /// is ignored; so is any report once the import has ended. False when nothing changed.
    /// </summary>
    public bool Apply(ImportBatchResult batch, DateTimeOffset now)
    {
        if (Status != ImportStatus.Running || batch.ProcessedThrough <= RowsProcessed)
        {
            return false;
        }
        RowsProcessed = batch.ProcessedThrough;
        Created += batch.Created;
        Updated += batch.Updated;
        Failed += batch.Errors.Count;
        Added += batch.Added;
        AlreadyPresent += batch.AlreadyPresent;
        foreach (var error in batch.Errors)
        {
            if (Errors.Count < MaxErrors)
            {
                Errors.Add(error);
            }
            else
            {
                ErrorsTruncated = true;
            }
        }
        LastProgressAt = now;
        return true;
    }

    /// <summary>Ends the import: completed when every record is done, else failed with <paramref name="reason"/> and how far it got.</summary>
    public void End(string? reason)
    {
        if (Status != ImportStatus.Running)
        {
            return;
        }
        if (reason is null)
        {
            Status = ImportStatus.Completed;
            RowsTotal = Math.Max(RowsTotal, RowsProcessed);
            return;
        }
        Status = ImportStatus.Failed;
        FailureReason = $"{reason} (stopped after row {RowsProcessed} of {RowsTotal}; the rows before it are imported)";
    }

    /// <summary>True when a runner may take the import up: it is running and nobody has reported for <paramref name="silence"/>.</summary>
    public bool MayBeClaimed(string runner, DateTimeOffset now, TimeSpan silence) =>
        Status == ImportStatus.Running && (Runner is null || Runner == runner || LastProgressAt + silence <= now);

    /// <summary>The import as the API shows it (<c>added</c> and <c>already_present</c> only for an import into a campaign).</summary>
    public ContactImportView ToView(string importId) => new(
        importId, Status, RowsTotal, RowsProcessed, Created, Updated, Failed, [.. Errors], ErrorsTruncated, FailureReason,
        CampaignId is null ? null : Added, CampaignId is null ? null : AlreadyPresent);
}
