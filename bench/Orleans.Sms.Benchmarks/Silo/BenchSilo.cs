using Microsoft.Extensions.Logging;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Hosting;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>
/// An in-process silo built as the host builds its memory mode (<c>AddSmsSilo</c> with <c>Sms:Storage=Memory</c>:
/// localhost clustering, memory grain storage written with Orleans' serializer, the in-memory reminder service, the
/// engine's grain services), without the HTTP front: for measuring the grains themselves (memory, timers).
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(
        IDictionary<string, string?> settings, Action<IServiceCollection>? services = null, Action<ISiloBuilder>? silo = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
            Args = [],
        });
        // The host derives this from its admin key; grains that issue API keys need one.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:ApiKeys:HashKey"] = "bench-hash-key" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        services?.Invoke(builder.Services);
        builder.UseOrleans(s =>
        {
            s.AddSmsSilo(new SmsSiloOptions { Endpoints = new() { SiloPort = Ports.Free(), GatewayPort = Ports.Free() } });
            silo?.Invoke(s);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>Stops the silo gracefully (its activations are deactivated).</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        catch (OperationCanceledException)
        {
        }
        _host.Dispose();
    }
}
