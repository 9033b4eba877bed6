using System.Text.Json.Serialization;

namespace Orleans.Sms.Contacts.Import;

/// <summary>Where an import stands.</summary>
[GenerateSerializer]
public enum ImportStatus
{
    /// <summary>Rows are being read and written.</summary>
    Running,
    /// <summary>Every row was counted in <c>created</c>, <c>updated</c> or <c>failed</c>.</summary>
    Completed,
    /// <summary>The file could not be read to its end (the view says how far it got).</summary>
    Failed,
}

/// <summary>A CSV import as <c>GET /v1/contacts/imports/{id}</c> shows it (docs/api.md: CSV imports).</summary>
/// <param name="ImportId">Id of the import.</param>
/// <param name="Status">Running, completed or failed.</param>
/// <param name="RowsTotal">Data records in the file (counted before the first row is written).</param>
/// <param name="RowsProcessed">Records done so far.</param>
/// <param name="Created">Rows that made a contact.</param>
/// <param name="Updated">Rows that changed a contact that existed (or one an earlier row of the file made).</param>
/// <param name="Failed">Rows refused, each with an error.</param>
/// <param name="Errors">The first <see cref="ImportProgress.MaxErrors"/> row errors.</param>
/// <param name="ErrorsTruncated">True when more rows failed than are listed.</param>
/// <param name="FailureReason">Why a failed import stopped, and where.</param>
/// <param name="Added">
/// Of an import into a campaign (docs/api.md: Campaigns) only: rows whose contact joined the campaign. Not shown for a contact import.
/// </param>
/// <param name="AlreadyPresent">Of an import into a campaign only: rows whose number was in the campaign already.</param>
[GenerateSerializer, Immutable, Alias("sms.ContactImportView")]
public sealed record class ContactImportView(
    [property: Id(0)] string ImportId,
    [property: Id(1)] ImportStatus Status,
    [property: Id(2)] int RowsTotal,
    [property: Id(3)] int RowsProcessed,
    [property: Id(4)] int Created,
    [property: Id(5)] int Updated,
    [property: Id(6)] int Failed,
    [property: Id(7)] IReadOnlyList<ImportRowError> Errors,
    [property: Id(8)] bool ErrorsTruncated,
    [property: Id(9)] string? FailureReason,
    [property: Id(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Added = null,
    [property: Id(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AlreadyPresent = null);

/// <summary>What one batch of rows did: how far the file is done, and each row's fate.</summary>
/// <param name="ProcessedThrough">The number of the batch's last record: every record up to it is done.</param>
/// <param name="Created">Rows that made a contact.</param>
/// <param name="Updated">Rows that changed one.</param>
/// <param name="Errors">Rows refused.</param>
/// <param name="Added">Of an import into a campaign: rows whose contact joined it.</param>
/// <param name="AlreadyPresent">Of an import into a campaign: rows whose number was in it already.</param>
[GenerateSerializer, Immutable, Alias("sms.ImportBatchResult")]
public sealed record class ImportBatchResult(
    [property: Id(0)] int ProcessedThrough,
    [property: Id(1)] int Created,
    [property: Id(2)] int Updated,
    [property: Id(3)] IReadOnlyList<ImportRowError> Errors,
    [property: Id(4)] int Added = 0,
    [property: Id(5)] int AlreadyPresent = 0);
