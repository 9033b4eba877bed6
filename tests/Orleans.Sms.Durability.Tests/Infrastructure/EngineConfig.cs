using System.Globalization;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The configuration of one engine on <c>Sms:Storage=AzureStorage</c>: every host of a test gets the same tables,
/// cluster and admin key (so they are one engine), and silo and gateway ports of their own.
/// </summary>
public sealed class EngineConfig(AzuriteServer azurite, string tablePrefix)
{
    private readonly Dictionary<string, string> _settings = [];

    /// <summary>The operator key; API keys are hashed under it, so every host of the engine needs the same one.</summary>
    public string AdminKey { get; } = "adm_" + Guid.NewGuid().ToString("N");

    public string TablePrefix => tablePrefix;

    /// <summary>The Orleans cluster id (its membership rows are in the prefix's own silos table anyway).</summary>
    public string ClusterId => tablePrefix;

    /// <summary>A test's own setting (e.g. short session timers); the same for every host.</summary>
    public EngineConfig With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    public EngineConfig With(string key, TimeSpan value) => With(key, value.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>The settings of one more host of this engine, with fresh silo and gateway ports.</summary>
    public Dictionary<string, string> ForInstance()
    {
        var settings = new Dictionary<string, string>
        {
            ["Sms:Storage"] = "AzureStorage",
            ["ConnectionStrings:AzureStorage"] = azurite.ConnectionString,
            ["Sms:AzureStorage:TablePrefix"] = tablePrefix,
            ["Sms:AdminKey"] = AdminKey,
            ["Sms:Cluster:ClusterId"] = ClusterId,
            ["Sms:Cluster:ServiceId"] = ClusterId,
            ["Sms:Cluster:AdvertisedIPAddress"] = "127.0.0.1",
            ["Sms:Cluster:SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Sms:Cluster:GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            // The agent answers at once and the rate limit never interferes: these tests are about storage.
            ["Sms:Agent:BatchWindow"] = "00:00:00",
            ["Sms:Agent:AllowPrivateNetworks"] = "true", // the tests' agents listen on 127.0.0.1
            ["Sms:RateLimit:PermitsPerSecond"] = "100000",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }
        return settings;
    }
}
