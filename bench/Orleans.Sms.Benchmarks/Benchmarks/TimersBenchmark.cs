using System.Diagnostics;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Silo;
using Orleans.Sms.Conversations;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Session timers on one in-process silo with the in-memory reminder service (the host's memory mode): N engaged
/// sessions (one inbound message each arms the session reminder), how late their warnings fire with a short
/// <c>WarningAfter</c>, and how long the silo takes to stop with them and start again. Baseline in the same silo:
/// N raw <c>RegisterOrUpdateReminder</c> calls from a trivial grain with the same due time, and how late those tick.
/// </summary>
internal sealed class TimersBenchmark : IBenchmark
{
    private const string AgentNumber = "+16462009902";

    public string Name => "timers";

    public string Description => "N engaged sessions with armed timers: arming rate, warning lateness, silo restart vs raw reminders";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        var n = context.Pick(100_000, 1_000);
        var warningAfter = context.Pick(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(3));
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Agent:BatchWindow"] = "00:00:00",
            ["Sms:Session:WarningAfter"] = warningAfter.ToString("c"),
        };
        var sender = new RecordingSender();
        var probes = new ReminderProbeLog();
        void Services(IServiceCollection services)
        {
            services.AddSingleton<ISmsSender>(sender);
            services.AddSingleton(probes);
        }

        var silo = await BenchSilo.StartAsync(settings, Services);
        try
        {
            var grains = silo.Grains;
            var route = await SiloTenant.CreateAsync(grains, AgentNumber, agent: null);

            // Baseline arming rate: raw reminders from a trivial grain, as fast as they go (due far away; re-armed below).
            context.Log($"timers: arming {n:N0} raw reminders");
            var watch = Stopwatch.StartNew();
            await ForAllAsync(n, i => grains.GetGrain<IReminderProbeGrain>(i).ArmAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
            var rawArm = watch.Elapsed;

            // The engine: one inbound message engages a session and arms its reminder; the warning is the first send.
            context.Log($"timers: raw reminders armed in {rawArm.TotalSeconds:0.0} s; engaging {n:N0} sessions (WarningAfter {warningAfter.TotalSeconds:0} s)");
            var started = new long[n];
            watch.Restart();
            await ForAllAsync(n, async i =>
            {
                var customer = InboundTraffic.Customer(i);
                started[i] = Stopwatch.GetTimestamp();
                await grains.GetGrain<IConversationEngineGrain>(ConversationId.For(AgentNumber, customer))
                    .ReceiveAsync(SiloTenant.Inbound(AgentNumber, customer, i, "Hi, is my appointment still on for Thursday?"), route);
            });
            var engineArm = watch.Elapsed;
            context.Log($"timers: sessions engaged in {engineArm.TotalSeconds:0.0} s; waiting for the warnings");
            var warned = await WaitAsync(() => sender.Sends >= n, warningAfter + TimeSpan.FromSeconds(90));
            var lateness = new Latencies();
            var dueAfter = (long)(warningAfter.TotalSeconds * Stopwatch.Frequency);
            long lastSent = 0;
            for (var i = 0; i < n; i++)
            {
                if (sender.FirstSendTo(InboundTraffic.Customer(i)) is { } sentAt)
                {
                    lateness.Add(Latencies.Millis(started[i] + dueAfter, sentAt));
                    lastSent = Math.Max(lastSent, sentAt);
                }
            }
            // How fast the silo works through warnings once they come due (each is a send: checks, state write, archive).
            var warningRate = lateness.Count / (Latencies.Millis(started.Min() + dueAfter, lastSent) / 1000);
            context.Log($"timers: {lateness.Count:N0} warnings ({(warned ? "all" : "NOT all")})");

            // Baseline lateness: the same reminders re-armed with the same due time, spread over the same time as the
            // sessions were (ticks that come due together are later than ticks that come due apart).
            var rate = n / engineArm.TotalSeconds;
            context.Log($"timers: re-arming the raw reminders at {rate:0}/s, due in {warningAfter.TotalSeconds:0} s");
            var paced = Stopwatch.GetTimestamp();
            await ForAllAsync(n, async i =>
            {
                var slot = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(paced);
                if (slot > TimeSpan.Zero)
                {
                    await Task.Delay(slot);
                }
                await grains.GetGrain<IReminderProbeGrain>(i).ArmAsync(warningAfter, TimeSpan.FromMinutes(1));
            });
            var rawTicked = await WaitAsync(() => probes.Ticks >= n, warningAfter + TimeSpan.FromSeconds(90));
            context.Log($"timers: {probes.Ticks:N0} raw ticks ({(rawTicked ? "all" : "NOT all")})");

            // Restart: a graceful stop with every session active, then a new silo answering its first grain call.
            watch.Restart();
            await silo.DisposeAsync();
            var stop = watch.Elapsed;
            watch.Restart();
            silo = await BenchSilo.StartAsync(settings, Services);
            await silo.Grains.GetGrain<ITenantGrain>("restart-probe").GetAsync();
            var start = watch.Elapsed;
            context.Log($"timers: silo stopped in {stop.TotalSeconds:0.0} s, started in {start.TotalSeconds:0.0} s");

            report.Compare("arming rate (engine: inbound that engages a session)", n / engineArm.TotalSeconds, n / rawArm.TotalSeconds, "/s", "0",
                $"{n:N0} each; engine {engineArm.TotalSeconds:0.0} s, raw {rawArm.TotalSeconds:0.0} s");
            report.Compare("warning lateness p50 (vs raw reminder tick)", lateness.P50, probes.Lateness.P50, "ms", "0");
            report.Compare("warning lateness p99 (vs raw reminder tick)", lateness.P99, probes.Lateness.P99, "ms", "0",
                $"fired {lateness.Count:N0}/{n:N0} vs {probes.Ticks:N0}/{n:N0}");
            report.Figure("warnings sent per second once due", warningRate, "/s", "0",
                $"they come due at the arming rate ({n / engineArm.TotalSeconds:0}/s): above this rate they queue and fire late");
            report.Figure("silo stop with all sessions active", stop.TotalSeconds, "s", "0.0", "graceful: every activation deactivated");
            report.Figure("silo start to first grain call", start.TotalSeconds, "s", "0.0");
            report.Note($"WarningAfter {warningAfter.TotalSeconds:0} s. The baseline reminders for lateness are armed at the engine's own arming " +
                        "rate, so that as many come due together. Lateness = first send to the customer (the warning) minus (start of the " +
                        "engaging call + WarningAfter), so it includes that call's own duration. In memory mode reminders and state live in " +
                        "the silo, so a restarted silo has no sessions left to resume (as README says of memory mode): restart is stop + start.");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static Task ForAllAsync(int count, Func<int, Task> call) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => await call(i));

    private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
