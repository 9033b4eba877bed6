using Orleans.Sms.AzureStorage;

namespace Orleans.Sms.Hosting;

/// <summary>
/// What an engine silo is built from (<see cref="SmsSiloBuilderExtensions.AddSmsSilo"/>): its storage mode, its provider
/// and its endpoints. The host fills it from its configuration; each property names the key it comes from, and so does
/// every validation failure.
/// </summary>
public sealed class SmsSiloOptions
{
    /// <summary>Where state, reminders and the archive live (<c>Sms:Storage</c>). Default <see cref="SmsStorageMode.Memory"/>.</summary>
    public SmsStorageMode Storage { get; set; } = SmsStorageMode.Memory;

    /// <summary>Who carries messages (<c>Sms:Provider</c>). Default <see cref="SmsProvider.Simulator"/>.</summary>
    public SmsProvider Provider { get; set; } = SmsProvider.Simulator;

    /// <summary>The Azure Storage connection string (<c>ConnectionStrings:AzureStorage</c>); required in AzureStorage mode.</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>Prefix of every table in AzureStorage mode (<c>Sms:AzureStorage:TablePrefix</c>). Default <c>sms</c>.</summary>
    public string AzureStorageTablePrefix { get; set; } = SmsTableNames.DefaultPrefix;

    /// <summary>
    /// Ports, ids and advertised address (<c>Sms:Cluster</c>). Null leaves endpoints, ids and, in Memory mode, membership
    /// to the caller, as a test cluster sets them for each of its silos (AzureStorage mode still registers its membership
    /// table, which such a cluster replaces with its own).
    /// </summary>
    public SmsSiloEndpoints? Endpoints { get; set; } = new();
}
