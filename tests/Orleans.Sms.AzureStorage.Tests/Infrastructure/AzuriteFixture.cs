using Azure.Core;
using Azure.Data.Tables;
using Orleans.Sms.Testing.Azurite;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>
/// An Azurite Table service of the fixture's own (<see cref="AzuriteServer"/>: one node process from
/// <c>eng/node_modules</c> on a free loopback port, in memory), killed at the end. Install it once with
/// <c>bash eng/azurite.sh install</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>Port the Table service listens on (127.0.0.1).</summary>
    public int Port => Server.Port;

    /// <summary>Explicit connection string of the emulator's well-known account.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>A fresh table prefix, so that tests never see each other's rows.</summary>
    public static string NewPrefix() => AzuriteServer.NewPrefix("t");

    /// <summary>A client of the emulator; <paramref name="options"/> lets a test add pipeline policies.</summary>
    public TableServiceClient NewServiceClient(TableClientOptions? options = null) => new(ConnectionString, options);

    /// <summary>A client that counts the HTTP requests it sends.</summary>
    public TableServiceClient NewCountingClient(RequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return NewServiceClient(options);
    }

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not been started.");
}
