using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Signed Twilio webhooks against the engine host (memory storage, Twilio provider against the fake Twilio, echo agent
/// answering every message, batch window 0) and against a bare endpoint that only reads the form, both in a child
/// process on Kestrel, loaded the same way. Saturation by closed-loop steps; latency by open loop at 50 % and 100 % of
/// the peak. The engine's peak counts a message once its reply has gone out (ack window plus the drain of replies).
/// </summary>
internal sealed class InboundBenchmark : IBenchmark
{
    private const double Target = 0.40;

    public string Name => "inbound";

    public string Description => "signed Twilio webhooks: engine (echo agent, replies via the Twilio SDK) vs a bare form-reading endpoint";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = new Settings(
            Customers: context.Pick(5000, 1000),
            Steps: context.Pick<int[]>([16, 64], [64]),
            Step: context.Pick(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)),
            Warm: context.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)),
            WarmChunks: context.Pick(7, 1),
            LatencyPhase: context.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));

        // Diagnostics: BENCH_INBOUND_ONLY=echo|noagent|bare runs that one host alone (e.g. to attach perf to it), no report.
        if (Environment.GetEnvironmentVariable("BENCH_INBOUND_ONLY") is { Length: > 0 } only)
        {
            var alone = only switch
            {
                "bare" => new Variant("bare endpoint", Bare: true, Agent: null, Block: 0),
                "echo" => new Variant("engine, echo agent", Bare: false, Agent: new { type = "echo" }, Block: 1),
                _ => new Variant("engine, no agent", Bare: false, Agent: null, Block: 2),
            };
            report.Note(Steps(await RunVariantAsync(context, twilio, settings, alone)));
            return;
        }
        var bare = await RunVariantAsync(context, twilio, settings, new Variant("bare endpoint", Bare: true, Agent: null, Block: 0));
        var engine = await RunVariantAsync(context, twilio, settings, new Variant("engine, echo agent", Bare: false, Agent: new { type = "echo" }, Block: 1));
        var ackOnly = context.Smoke
            ? null
            : await RunVariantAsync(context, twilio, settings, new Variant("engine, no agent", Bare: false, Agent: null, Block: 2));

        var ratio = engine.Peak.Sustained / bare.Peak.Sustained;
        report.Compare("msg/s at saturation (engine: reply sent)", engine.Peak.Sustained, bare.Peak.Sustained, "msg/s", "0",
            $"target >= {Target:0%} of bare: {(ratio >= Target ? "met" : "MISSED")}");
        report.Compare("acks/s at saturation (ack window only)", engine.Peak.AckRate, bare.Peak.AckRate, "msg/s", "0");
        report.Compare("saturating concurrency", engine.Peak.Concurrency, bare.Peak.Concurrency, "", "0");
        foreach (var (phase, index) in new[] { ("50%", 0), ("100%", 1) })
        {
            var e = engine.Latency[index];
            var b = bare.Latency[index];
            report.Compare($"ack p50 at {phase} of own peak", e.P50, b.P50, "ms", "0.0", $"offered {e.Offered:0} vs {b.Offered:0} msg/s");
            report.Compare($"ack p99 at {phase} of own peak", e.P99, b.P99, "ms", "0.0",
                e.Failed + b.Failed > 0 ? $"failed: {e.Failed} vs {b.Failed}" : "");
        }
        report.Compare("host CPU per message", engine.Peak.CpuMsPerMessage, bare.Peak.CpuMsPerMessage, "ms", "0.000", "host process only, at the saturating step");
        report.Compare("host allocations per message", engine.Peak.AllocKbPerMessage, bare.Peak.AllocKbPerMessage, "KB", "0.0");
        report.Compare("host GCs per 1,000 msg (gen0/gen1/gen2 counts in note)", engine.Peak.GcPer1000, bare.Peak.GcPer1000, "", "0.00",
            $"engine {engine.Peak.GcDetail}, bare {bare.Peak.GcDetail}");
        report.Compare("load generator (+ fake Twilio) CPU per message", engine.Peak.LoaderCpuMsPerMessage, bare.Peak.LoaderCpuMsPerMessage, "ms", "0.000");
        if (ackOnly is not null)
        {
            report.Compare("no agent: msg/s at saturation (ack path only)", ackOnly.Peak.Sustained, bare.Peak.Sustained, "msg/s", "0");
            report.Compare("no agent: host CPU per message", ackOnly.Peak.CpuMsPerMessage, bare.Peak.CpuMsPerMessage, "ms", "0.000");
            report.Compare("no agent: host allocations per message", ackOnly.Peak.AllocKbPerMessage, bare.Peak.AllocKbPerMessage, "KB", "0.0");
        }
        report.Note(Steps(bare, engine, ackOnly));
        if (!context.Smoke)
        {
            report.Note(await WhereTheTimeGoesAsync());
        }
        report.Note($"{settings.Customers:N0} customers texting 4 agent numbers (one conversation each), unique MessageSids, 20 form fields per webhook " +
                    "as Twilio sends them; batch window 0 (one agent turn per message: the worst case for the engine).");
    }

    private static async Task<VariantResult> RunVariantAsync(BenchContext context, FakeTwilioServer twilio, Settings settings, Variant variant)
    {
        var port = Ports.Free();
        var arguments = variant.Bare ? [] : EngineArguments.Twilio(twilio, port, TimeSpan.Zero);
        await using var host = await ChildHost.StartAsync(variant.Bare ? BareServer.Command : EngineServer.Command, port, arguments);
        var numbers = EngineTenant.AgentNumbers(4, variant.Block);
        if (!variant.Bare)
        {
            var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
            await tenant.AddUseCaseAsync(numbers, variant.Agent);
        }
        var traffic = new InboundTraffic(host.BaseUrl, host.BaseUrl, twilio.AccountSid, twilio.AuthToken, numbers, settings.Customers,
            firstCustomer: variant.Block * 100_000);
        using var http = LoadClient.Create();
        var replies = variant.Agent is null ? null : new ReplyCounter(twilio);
        Func<Task<string?>> send = () => traffic.SendNextAsync(http);

        // Warm until the host stops compiling: tiered JIT keeps promoting the engine's (broad) code for tens of seconds.
        for (var chunk = 1; ; chunk++)
        {
            var before = await host.StatsAsync();
            var answeredBefore = replies?.Answered() ?? 0;
            var load = await LoadRunner.ClosedLoopAsync(send, 16, settings.Warm);
            await DrainAsync(replies, answeredBefore + load.Ok);
            var jit = (await host.StatsAsync() - before).JitMethods;
            context.Log($"{variant.Name}: warm-up {chunk}: {load.Rate:0} acks/s, {jit} methods compiled");
            if (jit < 100 || chunk >= settings.WarmChunks)
            {
                break;
            }
        }

        var steps = new List<StepResult>();
        foreach (var concurrency in settings.Steps)
        {
            var before = await host.StatsAsync();
            var loaderBefore = ProcessStats.Current();
            var answeredBefore = replies?.Answered() ?? 0;
            var load = await LoadRunner.ClosedLoopAsync(send, concurrency, settings.Step);
            var drained = await DrainAsync(replies, answeredBefore + load.Ok);
            await Task.Delay(300); // let trailing work (timers, logging) land in this step's counters
            var cost = await host.StatsAsync() - before;
            var loader = ProcessStats.Current() - loaderBefore;
            var step = new StepResult(concurrency, load, drained, cost, loader);
            steps.Add(step);
            context.Log($"{variant.Name}: c={concurrency} acks {step.AckRate:0}/s, sustained {step.Sustained:0}/s, p50 {load.Latencies.P50:0.0} ms, " +
                        $"p99 {load.Latencies.P99:0.0} ms, drain {drained.TotalSeconds:0.0} s, cpu {step.CpuMsPerMessage:0.000} ms/msg, " +
                        $"alloc {step.AllocKbPerMessage:0.0} KB/msg, GCs {cost.Gen0}/{cost.Gen1}/{cost.Gen2} pause {cost.GcPauseMs:0} ms, heap {cost.HeapBytes / 1048576.0:0} MB, " +
                        $"jit {cost.JitMethods} methods {cost.JitMs:0} ms, lock contentions {cost.LockContentions}, " +
                        $"pool threads {cost.ThreadPoolThreads}, loader cpu {step.LoaderCpuMsPerMessage:0.000} ms/msg, failed {load.Failed} {load.FirstFailure}");
        }
        var peak = steps.MaxBy(s => s.Sustained)!;

        var latency = new List<LatencyResult>();
        foreach (var fraction in new[] { 0.5, 1.0 })
        {
            var rate = Math.Max(1, fraction * peak.Sustained);
            var answeredBefore = replies?.Answered() ?? 0;
            var load = await LoadRunner.OpenLoopAsync(send, rate, settings.LatencyPhase);
            await DrainAsync(replies, answeredBefore + load.Ok);
            latency.Add(new LatencyResult(rate, load.Latencies.P50, load.Latencies.P99, load.Failed));
            context.Log($"{variant.Name}: open loop {rate:0}/s: p50 {load.Latencies.P50:0.0} ms, p99 {load.Latencies.P99:0.0} ms, failed {load.Failed} {load.FirstFailure}");
        }
        return new VariantResult(variant.Name, steps, peak, latency);
    }

    /// <summary>Single-thread costs of the steps every message takes, measured in this process.</summary>
    private static async Task<string> WhereTheTimeGoesAsync()
    {
        var text = new StringBuilder("Where the time goes, single-thread costs measured in-process (the host runs them 1-3 times per message):\n\n");
        text.AppendLine("| step | µs per call | KB allocated per call | stored bytes | read µs | round trip: state with a one-message pending turn | round trip: dev-seed number |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---|");
        await using (var silo = await Silo.BenchSilo.StartAsync(new Dictionary<string, string?>()))
        {
            foreach (var cost in Silo.StateCost.Measure(silo.Services, 2_000))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| grain state write of a busy conversation (40 recent, 40 dedup ids), {cost.Serializer} | {cost.WriteMicros:0} | {cost.WriteKb:0.0} | {cost.Bytes:N0} | {cost.ReadMicros:0} | {cost.RoundTrip} | {cost.NumberRoundTrip} |");
            }
        }
        foreach (var cost in FrontCost.Measure(20_000))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {cost.Step} | {cost.Micros:0.0} | {cost.AllocatedKb:0.0} | | | | |");
        }
        return text.ToString();
    }

    /// <summary>Waits until every acknowledged message has had its reply sent; zero without an agent.</summary>
    private static async Task<TimeSpan> DrainAsync(ReplyCounter? replies, long expected)
    {
        if (replies is null)
        {
            return TimeSpan.Zero;
        }
        var (waited, complete) = await replies.WaitForAsync(expected, TimeSpan.FromSeconds(60));
        return complete ? waited : throw new InvalidOperationException($"Only {replies.Answered()} of {expected} messages were answered within 60 s.");
    }

    private static string Steps(params VariantResult?[] variants)
    {
        var text = new StringBuilder("Closed-loop steps (acks/s over the window; sustained = acked / (window + time until every reply was sent)):\n\n");
        text.AppendLine("| host | concurrency | acks/s | sustained msg/s | ack p50 ms | ack p99 ms | reply drain s | host CPU ms/msg | host KB/msg |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var variant in variants.OfType<VariantResult>())
        {
            foreach (var s in variant.Steps)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {variant.Name} | {s.Concurrency} | {s.AckRate:0} | {s.Sustained:0} | {s.Load.Latencies.P50:0.0} | {s.Load.Latencies.P99:0.0} | " +
                    $"{s.Drain.TotalSeconds:0.00} | {s.CpuMsPerMessage:0.000} | {s.AllocKbPerMessage:0.0} |");
            }
        }
        return text.ToString();
    }

    private sealed record class Settings(int Customers, int[] Steps, TimeSpan Step, TimeSpan Warm, int WarmChunks, TimeSpan LatencyPhase);

    private sealed record class Variant(string Name, bool Bare, object? Agent, int Block);

    private sealed record class LatencyResult(double Offered, double P50, double P99, long Failed);

    private sealed record class VariantResult(string Name, IReadOnlyList<StepResult> Steps, StepResult Peak, IReadOnlyList<LatencyResult> Latency);

    private sealed record class StepResult(int Concurrency, LoadResult Load, TimeSpan Drain, ProcessStats Cost, ProcessStats Loader)
    {
        public double AckRate => Load.Rate;

        public double Sustained => Load.Ok / (Load.Elapsed + Drain).TotalSeconds;

        public double CpuMsPerMessage => Cost.CpuMs / Math.Max(1, Load.Ok);

        public double LoaderCpuMsPerMessage => Loader.CpuMs / Math.Max(1, Load.Ok);

        public double AllocKbPerMessage => Cost.AllocatedBytes / 1024.0 / Math.Max(1, Load.Ok);

        public double GcPer1000 => Cost.Gen0 * 1000.0 / Math.Max(1, Load.Ok); // every GC collects gen0

        public string GcDetail => $"{Cost.Gen0}/{Cost.Gen1}/{Cost.Gen2} in {Load.Ok:N0} msg";
    }
}
