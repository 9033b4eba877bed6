using Orleans.Sms.Events;

namespace Orleans.Sms.Client;

/// <summary>Who the client acts for and how it reaches the engine. Bound from <c>Sms:Client</c> by <c>AddOrleansSmsClient</c>.</summary>
public sealed class SmsClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Sms:Client";

    /// <summary>The engine's default gateway port in <see cref="SmsClusterMode.Memory"/> mode (its <c>Sms:Cluster:GatewayPort</c>).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The engine's default cluster and service id in <see cref="SmsClusterMode.AzureStorage"/> mode (its <c>Sms:Cluster:ClusterId</c> and <c>ServiceId</c>).</summary>
    public const string DefaultClusterId = "orleans-sms";

    /// <summary>
    /// The cluster and service id of the engine in <see cref="SmsClusterMode.Memory"/> mode: its silo calls Orleans'
    /// <c>UseLocalhostClustering</c> without ids, which uses the development id <c>dev</c> for both.
    /// </summary>
    public const string LocalhostClusterId = "dev";

    /// <summary>The tenant every call acts for (required): like an API key, the client sees this tenant's resources only.</summary>
    public string? TenantId { get; set; }

    /// <summary>The environment sends run in (required): <c>dev</c>, <c>sandbox</c> or <c>live</c>.</summary>
    public string? Environment { get; set; }

    /// <summary>How the engine's gateways are found. Default <see cref="SmsClusterMode.Memory"/>.</summary>
    public SmsClusterMode Mode { get; set; } = SmsClusterMode.Memory;

    /// <summary>Gateway ports on localhost (<see cref="SmsClusterMode.Memory"/> mode); null means <see cref="DefaultGatewayPort"/>.</summary>
    public int[]? GatewayPorts { get; set; }

    /// <summary>Azure Storage connection string of the engine (<see cref="SmsClusterMode.AzureStorage"/> mode; its <c>ConnectionStrings:AzureStorage</c>).</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>The engine's table prefix (<see cref="SmsClusterMode.AzureStorage"/> mode; its <c>Sms:AzureStorage:TablePrefix</c>). Default <c>sms</c>.</summary>
    public string AzureStorageTablePrefix { get; set; } = AzureStorage.SmsTableNames.DefaultPrefix;

    /// <summary>
    /// The Orleans cluster id; null means the engine's default for <see cref="Mode"/>: <see cref="DefaultClusterId"/> in
    /// AzureStorage mode, Orleans' development id (<c>dev</c>, what the engine's localhost clustering uses) in Memory mode.
    /// </summary>
    public string? ClusterId { get; set; }

    /// <summary>The Orleans service id; null means the engine's default for <see cref="Mode"/> (as <see cref="ClusterId"/>).</summary>
    public string? ServiceId { get; set; }

    /// <summary>How long start-up keeps retrying to reach a gateway before it fails. Default 15 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an event subscription (conversations or campaigns) is renewed; must be shorter than <see cref="TenantEventsPolicy.SubscriptionExpiry"/>. Default 1 minute.</summary>
    public TimeSpan EventRenewalInterval { get; set; } = TenantEventsPolicy.RenewalInterval;

    /// <summary>Events buffered per subscription for a slow reader; beyond it the oldest are dropped (and counted). Default 1000.</summary>
    public int EventBufferCapacity { get; set; } = 1000;

    /// <summary>The cluster id in effect.</summary>
    public string EffectiveClusterId => ClusterId ?? (Mode == SmsClusterMode.Memory ? LocalhostClusterId : DefaultClusterId);

    /// <summary>The service id in effect.</summary>
    public string EffectiveServiceId => ServiceId ?? (Mode == SmsClusterMode.Memory ? LocalhostClusterId : DefaultClusterId);

    /// <summary>The gateway ports in effect (Memory mode).</summary>
    public IReadOnlyList<int> EffectiveGatewayPorts => GatewayPorts is { Length: > 0 } ports ? ports : [DefaultGatewayPort];
}
