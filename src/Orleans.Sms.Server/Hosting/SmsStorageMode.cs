namespace Orleans.Sms.Hosting;

/// <summary>Where an engine silo keeps its grain state, reminders and archive: <c>Sms:Storage</c>.</summary>
public enum SmsStorageMode
{
    /// <summary>The embedded default: everything in the silo's memory, gone when the process ends.</summary>
    Memory,

    /// <summary>Membership, grain state, reminders and the archive in Azure Table Storage (Azurite locally).</summary>
    AzureStorage,
}
