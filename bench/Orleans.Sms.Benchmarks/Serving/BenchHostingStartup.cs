using System.Text.Json;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Sms.Benchmarks.Infrastructure;

[assembly: HostingStartup(typeof(Orleans.Sms.Benchmarks.Serving.BenchHostingStartup))]

namespace Orleans.Sms.Benchmarks.Serving;

/// <summary>
/// Loaded into the engine host by <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c> (set by <see cref="EngineServer"/> only):
/// <c>GET /_bench/stats</c> (<c>?collect</c>: after a full blocking GC) and <c>GET /_bench/grains</c> (activations per grain
/// type; <c>?deactivate</c>: after deactivating every idle one) in front of the pipeline, the ready line on start, the parent watch, and one benchmark-only
/// knob, <c>--Bench:MinimumReminderPeriod</c>, so that session timers of a few seconds can run to their end.
/// </summary>
public sealed class BenchHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices((context, services) =>
    {
        services.AddSingleton<IStartupFilter, StatsStartupFilter>();
        services.AddHostedService<ReadySignal>();
        if (context.Configuration["Bench:MinimumReminderPeriod"] is { } period)
        {
            services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.Parse(period, System.Globalization.CultureInfo.InvariantCulture));
        }
    });

    private sealed class StatsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (context.Request.Path == ChildHost.StatsPath)
                {
                    if (context.Request.Query.ContainsKey("collect"))
                    {
                        // What the process holds, not what it has not collected yet (memory figures).
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                        GC.WaitForPendingFinalizers();
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    }
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(JsonSerializer.Serialize(ProcessStats.Current()));
                    return;
                }
                if (context.Request.Path == ChildHost.GrainsPath)
                {
                    var management = context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                    if (context.Request.Query.ContainsKey("deactivate"))
                    {
                        // As idle collection would after its age limit: every activation idle now deactivates (and writes what it owes).
                        try
                        {
                            await management.ForceActivationCollection(TimeSpan.Zero);
                        }
                        catch (Exception)
                        {
                            // Tens of thousands of deactivations writing to Azurite outlast a grain call (30 s), or starve the
                            // membership read the management grain makes: they go on, so wait until the count stops falling
                            // (the figures after this call include what they write).
                            await SettledAsync(management);
                        }
                    }
                    var statistics = await StatisticsAsync(management);
                    var activations = statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(JsonSerializer.Serialize(activations));
                    return;
                }
                await inner(context);
            });
            next(app);
        };
    }

    /// <summary>Waits until the silo's activation count has not fallen for 3 s (checked every second).</summary>
    private static async Task SettledAsync(IManagementGrain management)
    {
        var (last, steady) = (int.MaxValue, 0);
        while (steady < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var count = (await StatisticsAsync(management)).Sum(s => s.ActivationCount);
            (last, steady) = count < last ? (count, 0) : (last, steady + 1);
        }
    }

    /// <summary>
    /// The silo's activation counts, asked again while a busy silo lets the call time out or fail: 10,000 conversations and
    /// their recipients deactivating at once on Azurite take minutes, during which the management grain's read of the
    /// membership table may time out too (seen: Azure's 100 s network timeout); it answers once they are done.
    /// </summary>
    private static async Task<SimpleGrainStatistic[]> StatisticsAsync(IManagementGrain management)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(14); // within the parent's wait (ChildHost: 15 min)
        while (true)
        {
            try
            {
                return await management.GetSimpleGrainStatistics();
            }
            catch (Exception) when (DateTimeOffset.UtcNow < deadline) // a timeout, or Azure's AggregateException of retries
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private sealed class ReadySignal(IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                ParentWatch.Start(configuration, lifetime);
                Console.WriteLine(ChildHost.ReadyLine);
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
