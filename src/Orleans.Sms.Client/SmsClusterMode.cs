namespace Orleans.Sms.Client;

/// <summary>How the client finds the engine's gateways: the same choice as the engine's <c>Sms:Storage</c>.</summary>
public enum SmsClusterMode
{
    /// <summary>The embedded default: an engine on this machine with localhost clustering; the client dials <see cref="SmsClientOptions.GatewayPorts"/>.</summary>
    Memory,
    /// <summary>A cluster whose membership is in Azure Table Storage (<see cref="SmsClientOptions.AzureStorageConnectionString"/>).</summary>
    AzureStorage,
}
