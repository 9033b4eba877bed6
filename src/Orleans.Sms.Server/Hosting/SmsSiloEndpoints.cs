namespace Orleans.Sms.Hosting;

/// <summary>How an engine silo is reached and which cluster it joins: <c>Sms:Cluster</c>.</summary>
public sealed class SmsSiloEndpoints
{
    /// <summary>The silo-to-silo port when none is given.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The client gateway port when none is given (what the SDK's Memory mode dials).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The cluster and service id when none is given (AzureStorage mode; Memory mode uses Orleans' development ids).</summary>
    public const string DefaultClusterId = "orleans-sms";

    /// <summary>The silo-to-silo port (<c>Sms:Cluster:SiloPort</c>).</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The port clients connect to (<c>Sms:Cluster:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Silos with the same cluster and service ids form one cluster, in AzureStorage mode (<c>Sms:Cluster:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>The service id, in AzureStorage mode (<c>Sms:Cluster:ServiceId</c>).</summary>
    public string ServiceId { get; set; } = DefaultClusterId;

    /// <summary>
    /// The address other silos reach this one at, in AzureStorage mode (<c>Sms:Cluster:AdvertisedIPAddress</c>); null lets
    /// Orleans pick the machine's first non-loopback address.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }
}
