namespace Orleans.Sms.Contacts.Import;

/// <summary>How CSV imports run (<c>Sms:Imports</c>).</summary>
public sealed class ContactImportOptions
{
    public const string SectionName = "Sms:Imports";

    /// <summary>The largest file an import takes (docs/api.md: CSV imports: 50 MB).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>
    /// Where uploaded files wait while they are imported (a directory of this host; default: <c>orleans-sms-imports</c> in
    /// the temp directory). A file stays until its import ends, so a restarted host goes on where it was: keep it on a disk
    /// that outlives the process.
    /// </summary>
    public string? SpoolPath { get; set; }

    /// <summary>
    /// Rows per batch, and per progress report. On tables a batch of new contacts is one entity-group transaction per shard
    /// (16 shards; up to 50 contacts each), written a few at once: 800 rows fill them.
    /// </summary>
    public int BatchSize { get; set; } = 800;

    /// <summary>How long an import must have been silent before another runner (a restarted host) takes it up.</summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The spool directory in use.</summary>
    public string SpoolDirectory => SpoolPath is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "orleans-sms-imports");
}
