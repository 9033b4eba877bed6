using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Benchmarks.Storage;
using Orleans.Sms.Testing.Azurite;
using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Campaigns (docs/api.md: Campaigns) over HTTP to a <c>serve-engine</c> child against the fake Twilio, pacing lifted (ten mobile
/// senders at 1,000 mps each, quiet hours off): messages per second from start to <c>completed</c>, on memory storage and
/// on Azurite; storage requests per campaign message on Azurite (counted by a proxy); the host's heap after a small and a
/// large audience against the same host idle. Baseline in the same run: a plain loop sending the same number of messages
/// through the official Twilio SDK to the same fake, <see cref="BaselineConcurrency"/> in flight.
/// </summary>
internal sealed class CampaignBenchmark : IBenchmark
{
    private const double Target = 0.5;
    private const double WritesTarget = 2;
    private const string Prefix = "cmp";

    /// <summary>The engine's own bound: a campaign step sends its batch (<c>Sms:Campaigns:BatchSize</c>, 50) at once.</summary>
    private const int BaselineConcurrency = 50;

    public string Name => "campaign";

    public string Description => "campaign msgs/s (memory and Azurite) vs a Twilio SDK loop; storage writes per message on Azurite; host heap 10k vs 100k";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        // BENCH_CAMPAIGN_LARGE / _SMALL / _TABLES ("10000,100000") / _BATCH (Sms:Campaigns:BatchSize) / _WARMUP (memory host) /
        // _LATENCY_MS (below) for diagnostics.
        var large = Setting("LARGE", context.Pick(100_000, 200));
        var small = Setting("SMALL", context.Pick(10_000, 50));
        var tableSizes = (Environment.GetEnvironmentVariable("BENCH_CAMPAIGN_TABLES") ?? context.Pick("10000", "100")).Split(',').Select(int.Parse).ToArray();
        var batch = Environment.GetEnvironmentVariable("BENCH_CAMPAIGN_BATCH");
        var senders = EngineTenant.AgentNumbers(10, block: 41);
        await using var twilio = await FakeTwilioServer.StartAsync();
        // BENCH_CAMPAIGN_CALLBACKS=1: the fake posts `sent` and `delivered` for each campaign message, as Twilio does, so
        // conversations settle and let go (production's memory); their writes then count in the run's figures.
        var callbacks = Environment.GetEnvironmentVariable("BENCH_CAMPAIGN_CALLBACKS") == "1";
        twilio.SendsStatusCallbacks = callbacks;
        // BENCH_CAMPAIGN_LATENCY_MS: the fake answers every message this long after taking it (Twilio's own API takes a
        // hundred milliseconds or more), the engine's and the SDK loop's alike.
        var latency = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CAMPAIGN_LATENCY_MS"), out var ms) && ms > 0 ? ms : 0;
        if (latency > 0)
        {
            twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Delayed(TimeSpan.FromMilliseconds(latency)), FakeTwilioServer.Always);
        }

        // Smoke: the Azurite host alone (a second engine host would double its time); it runs every path measured.
        var memory = context.Smoke ? null : await MemoryAsync(context, twilio, EngineTenant.AgentNumbers(10, block: 40), small, large, batch);
        var label = (batch is null ? "" : $" (BatchSize {batch})") + (latency > 0 ? $" (Twilio answers in {latency} ms)" : "");
        if (memory is not null)
        {
            twilio.SendsStatusCallbacks = false;
            var loop = await TwilioLoop.SendAsync(twilio, EngineCampaign.Audience(large, 800_000), senders, EngineCampaign.Message, BaselineConcurrency);
            twilio.SendsStatusCallbacks = callbacks;
            context.Log($"campaign: Twilio SDK loop: {loop.Sent:N0} messages in {loop.Elapsed.TotalSeconds:0.0} s, {loop.PerSecond:0}/s");
            report.Compare($"{large:N0} recipients, memory storage{label}: msgs/s", memory.Large.PerSecond, loop.PerSecond, "/s", "0",
                $"target >= {Target}: {(memory.Large.PerSecond / loop.PerSecond >= Target ? "met" : "MISSED")}; {memory.Large.Elapsed.TotalSeconds:0.0} s start → completed");
            report.Compare($"{small:N0} recipients, memory storage{label}: msgs/s", memory.Small.PerSecond, loop.PerSecond, "/s", "0",
                $"{memory.Small.Elapsed.TotalSeconds:0.0} s");
            report.Figure($"adding {large:N0} recipients (new contacts), memory: recipients/s", large / memory.AddLarge.TotalSeconds, "/s", "0",
                $"{EngineCampaign.MaxPerCall:N0} per call, {memory.AddLarge.TotalSeconds:0.0} s");
        }

        await using var azurite = await Storage.Azurite.StartAsync(context);
        await using var proxy = new CountingProxy(azurite.Port);
        var tables = await TablesAsync(context, twilio, proxy, senders, tableSizes, batch);
        twilio.SendsStatusCallbacks = false;
        var tablesLoop = await TwilioLoop.SendAsync(twilio, EngineCampaign.Audience(tableSizes[0], 900_000), senders, EngineCampaign.Message, BaselineConcurrency);
        var first = tables[0];
        report.Compare($"{first.Size:N0} recipients, Azure tables (Azurite){label}: msgs/s", first.Outcome.PerSecond, tablesLoop.PerSecond, "/s", "0",
            $"target >= {Target}: {(first.Outcome.PerSecond / tablesLoop.PerSecond >= Target ? "met" : "MISSED")}; {first.Outcome.Elapsed.TotalSeconds:0.0} s; baseline re-run beside it");
        foreach (var run in tables)
        {
            double n = run.Outcome.Sent;
            var writes = run.Run.AllWrites;
            report.Figure($"{run.Size:N0} recipients, Azurite: storage writes per campaign message, start → completed", writes / n, "", "0.00",
                $"target <= {WritesTarget}: {(writes / n <= WritesTarget ? "met" : "MISSED")}; {string.Join(", ", run.Run.WritesByTable().Select(t => $"{t.Table} {t.Writes / n:0.00}"))}");
            var owed = run.Deactivation.AllWrites;
            report.Figure($"{run.Size:N0} recipients, Azurite: + writes owed at deactivation", owed / n, "", "0.00",
                $"{(writes + owed) / n:0.00} in all; {string.Join(", ", run.Deactivation.WritesByTable().Select(t => $"{t.Table} {t.Writes / n:0.00}"))}");
            report.Figure($"{run.Size:N0} recipients, Azurite:   grain state writes by state", run.Run.StateWrites.Values.Sum() / n, "", "0.00",
                string.Join(", ", run.Run.StateWrites.Where(p => p.Value != 0).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / n:0.00}")));
            report.Figure($"{run.Size:N0} recipients, Azurite: storage reads per campaign message", run.Run.AllReads / n, "", "0.00");
            report.Figure($"{run.Size:N0} recipients, Azurite: adding them, writes per recipient", run.Adding.AllWrites / (double)run.Size, "", "0.00",
                $"{run.Size / run.AddTime.TotalSeconds:0} recipients/s; {string.Join(", ", run.Adding.WritesByTable().Select(t => $"{t.Table} {t.Writes / (double)run.Size:0.00}"))}");
        }

        if (memory is not null)
        {
            Heap(report, "memory storage", memory.Idle, [(small, memory.AfterSmall), (large, memory.AfterLarge)], memory.AfterDeactivation,
                "the memory store keeps every contact, recipient and conversation state in this heap");
            report.Figure("activations after the large campaign (memory)", Describe(memory.Activations));
        }
        Heap(report, "Azure tables", tables[0].Idle, [.. tables.Select(t => (t.Size, t.After))], tables[^1].AfterDeactivation, "");
        report.Figure($"activations after {tables[^1].Size:N0} recipients (Azure tables)", Describe(tables[^1].Activations));
        report.Note($"Msgs/s counts `sent` from `POST /start` to `completed` (polled every 200 ms). Baseline: `MessageResource.CreateAsync` through a " +
                    $"`TwilioRestClient` on the same fake, {BaselineConcurrency} in flight (a campaign step sends its batch of 50 at once). " +
                    "Writes are requests through a counting proxy in front of Azurite ($batch = one), from `start` until `completed` plus 2 s (smoke: 0.5 s); " +
                    "\"owed at deactivation\" are those made when every idle activation is then deactivated (the archive is written behind). " +
                    "Heap: the host's GC heap after a full blocking GC, working set beside it; \"after deactivating\" once every idle activation " +
                    "was deactivated (Orleans does so after its collection age, 15 min by default). " +
                    $"Twilio messages in all: {twilio.Messages.Count:N0}. " +
                    (callbacks ? $"Status callbacks on (`BENCH_CAMPAIGN_CALLBACKS=1`): {twilio.StatusCallbacksPosted:N0} posted, {twilio.StatusCallbacksFailed:N0} failed; " +
                                 "heap and activations are read once every callback of the run was answered." : "No status callbacks (the fake sends none unless `BENCH_CAMPAIGN_CALLBACKS=1`)."));
    }

    private static void Heap(BenchReport report, string mode, ProcessStats idle, IEnumerable<(int Size, ProcessStats Stats)> after, ProcessStats deactivated, string note)
    {
        report.Figure($"{mode}: host heap idle", Mb(idle.HeapBytes), " MB", "0", $"working set {Mb(idle.WorkingSetBytes):0} MB");
        foreach (var (size, stats) in after)
        {
            report.Compare($"{mode}: host heap after {size:N0} recipients", Mb(stats.HeapBytes), Mb(idle.HeapBytes), " MB", "0",
                $"working set {Mb(stats.WorkingSetBytes):0} MB; {(stats.HeapBytes - idle.HeapBytes) / (double)size:0} B per recipient over idle. {note}");
        }
        report.Compare($"{mode}: host heap after deactivating idle grains", Mb(deactivated.HeapBytes), Mb(idle.HeapBytes), " MB", "0",
            $"working set {Mb(deactivated.WorkingSetBytes):0} MB");
    }

    private static async Task<MemoryRuns> MemoryAsync(BenchContext context, FakeTwilioServer twilio, IReadOnlyList<string> senders, int small, int large, string? batch)
    {
        await using var host = await StartAsync(twilio, [], batch);
        var (tenant, useCase) = await SetUpAsync(host, senders, "memory");
        if (!context.Smoke)
        {
            // Until the JIT settles (as for `inbound`): after a 500-recipient warm-up, a 60,000 campaign still spent a fifth of
            // the host's CPU in the tiered JIT, and ran at 0.15x instead of 0.21x after 20,000 (BENCH_CAMPAIGN_WARMUP).
            await CampaignAsync(context, twilio, host, tenant, useCase, Setting("WARMUP", 20_000), first: 3_000_000, "memory warm-up");
        }
        var idle = await host.StatsAsync(collect: true);
        var smallRun = await CampaignAsync(context, twilio, host, tenant, useCase, small, first: 1_000, "memory");
        var afterSmall = await host.StatsAsync(collect: true);
        var largeRun = await CampaignAsync(context, twilio, host, tenant, useCase, large, first: 100_000, "memory");
        var afterLarge = await host.StatsAsync(collect: true);
        var activations = await host.ActivationsAsync();
        await host.ActivationsAsync(deactivateIdle: true);
        var afterDeactivation = await host.StatsAsync(collect: true);
        context.Log($"campaign: memory heap idle {Mb(idle.HeapBytes):0} MB, after {small:N0} {Mb(afterSmall.HeapBytes):0} MB, after {large:N0} " +
                    $"{Mb(afterLarge.HeapBytes):0} MB, after deactivation {Mb(afterDeactivation.HeapBytes):0} MB");
        return new MemoryRuns(smallRun.Outcome, largeRun.Outcome, largeRun.AddTime, idle, afterSmall, afterLarge, afterDeactivation, activations);
    }

    private static async Task<List<TableRun>> TablesAsync(
        BenchContext context, FakeTwilioServer twilio, CountingProxy proxy, IReadOnlyList<string> senders, int[] sizes, string? batch)
    {
        await using var host = await StartAsync(twilio,
            ["--Sms:Storage=AzureStorage", $"--ConnectionStrings:AzureStorage={AzuriteServer.ConnectionStringFor(proxy.Port)}", $"--Sms:AzureStorage:TablePrefix={Prefix}"], batch);
        var (tenant, useCase) = await SetUpAsync(host, senders, "tables");
        if (!context.Smoke)
        {
            await CampaignAsync(context, twilio, host, tenant, useCase, 300, first: 2_000_000, "Azurite warm-up");
        }
        var idle = await host.StatsAsync(collect: true);
        var runs = new List<TableRun>();
        var first = 2_100_000;
        foreach (var size in sizes)
        {
            var run = await CampaignAsync(context, twilio, host, tenant, useCase, size, first, "Azurite", proxy);
            first += size;
            var after = await host.StatsAsync(collect: true);
            var activations = await host.ActivationsAsync();
            var before = proxy.Snapshot();
            await host.ActivationsAsync(deactivateIdle: true);
            await Task.Delay(TimeSpan.FromSeconds(context.Smoke ? 0.5 : 2)); // archive batches written behind the deactivations
            var owed = proxy.Snapshot() - before;
            var afterDeactivation = await host.StatsAsync(collect: true);
            context.Log($"campaign: Azurite {size:N0}: heap {Mb(after.HeapBytes):0} MB, {Mb(afterDeactivation.HeapBytes):0} MB after deactivation; owed {owed.Describe()}");
            runs.Add(new TableRun(size, run.Outcome, run.AddTime, run.Adding!, run.Run!, owed, idle, after, afterDeactivation, activations));
        }
        return runs;
    }

    private static async Task<CampaignRun> CampaignAsync(
        BenchContext context, FakeTwilioServer twilio, ChildHost host, EngineTenant tenant, string useCase, int size, int first, string mode, CountingProxy? proxy = null)
    {
        var campaign = await EngineCampaign.CreateAsync(tenant, useCase, $"Bench {mode} {size}");
        var beforeAdd = proxy?.Snapshot();
        var addWatch = System.Diagnostics.Stopwatch.StartNew();
        var added = await campaign.AddAsync(EngineCampaign.Audience(size, first));
        var addTime = addWatch.Elapsed;
        var adding = proxy is null ? null : proxy.Snapshot() - beforeAdd!;
        context.Log($"campaign: {mode}: {added:N0} recipients added in {addTime.TotalSeconds:0.0} s; starting");
        var beforeRun = proxy?.Snapshot();
        var outcome = await campaign.RunAsync(progress: view => context.Log($"campaign: {mode}: {view.GetProperty("counts").GetRawText()}"));
        await CallbacksAnsweredAsync(context, twilio);
        StorageCounts? run = null;
        if (proxy is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(context.Smoke ? 0.5 : 2)); // writes that trail the last step
            run = proxy.Snapshot() - beforeRun!;
        }
        context.Log($"campaign: {mode}: {size:N0} {outcome.Status} in {outcome.Elapsed.TotalSeconds:0.0} s, {outcome.PerSecond:0} msgs/s; {outcome.Counts}" +
                    (run is null ? "" : $"; {run.Describe()}"));
        if (outcome.Status != "completed" || outcome.Sent != added)
        {
            throw new InvalidOperationException($"Campaign of {size:N0} ended {outcome.Status} with {outcome.Counts}; host output:\n{host.Tail()}");
        }
        return new CampaignRun(outcome, addTime, adding, run);
    }

    /// <summary>Waits until the fake has posted every status callback it queued (at once when they are off).</summary>
    private static async Task CallbacksAnsweredAsync(BenchContext context, FakeTwilioServer twilio)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (twilio.StatusCallbacksPending > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{twilio.StatusCallbacksPending:N0} status callbacks still unanswered after 10 min.");
            }
            await Task.Delay(200);
        }
        if (twilio.SendsStatusCallbacks)
        {
            context.Log($"campaign: status callbacks answered {watch.Elapsed.TotalSeconds:0.0} s after completed ({twilio.StatusCallbacksPosted:N0} posted, {twilio.StatusCallbacksFailed:N0} failed)");
        }
    }

    private static async Task<ChildHost> StartAsync(FakeTwilioServer twilio, IEnumerable<string> extra, string? batch)
    {
        var port = Ports.Free();
        var arguments = EngineArguments.Twilio(twilio, port, TimeSpan.Zero);
        arguments.AddRange(extra);
        if (batch is not null)
        {
            arguments.Add($"--Sms:Campaigns:BatchSize={batch}");
        }
        return await ChildHost.StartAsync(EngineServer.Command, port, arguments, TimeSpan.FromSeconds(90));
    }

    private static async Task<(EngineTenant Tenant, string UseCase)> SetUpAsync(ChildHost host, IReadOnlyList<string> senders, string name)
    {
        var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
        return (tenant, await EngineCampaign.UseCaseAsync(tenant, senders, "Campaigns " + name));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_CAMPAIGN_" + name), out var value) ? value : fallback;

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    private static string Describe(Dictionary<string, int> activations) => string.Join(", ", activations.Where(p => p.Value >= 50)
        .OrderByDescending(p => p.Value).Select(p => $"{p.Key.Split(',')[0].Split('.')[^1]} {p.Value:N0}"));

    private sealed record class CampaignRun(EngineCampaign.Outcome Outcome, TimeSpan AddTime, StorageCounts? Adding, StorageCounts? Run);

    private sealed record class MemoryRuns(
        EngineCampaign.Outcome Small, EngineCampaign.Outcome Large, TimeSpan AddLarge, ProcessStats Idle, ProcessStats AfterSmall,
        ProcessStats AfterLarge, ProcessStats AfterDeactivation, Dictionary<string, int> Activations);

    private sealed record class TableRun(
        int Size, EngineCampaign.Outcome Outcome, TimeSpan AddTime, StorageCounts Adding, StorageCounts Run, StorageCounts Deactivation,
        ProcessStats Idle, ProcessStats After, ProcessStats AfterDeactivation, Dictionary<string, int> Activations);
}
