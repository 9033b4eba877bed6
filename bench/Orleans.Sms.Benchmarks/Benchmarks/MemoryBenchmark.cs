using System.Diagnostics;
using Orleans.Sms.Archive;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Silo;
using Orleans.Sms.Conversations;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Heap cost of active conversations in an in-process silo (memory storage): N conversations of 10 messages each (5 inbound,
/// each answered by a human reply: the conversation is handed to humans after its first message), the GC heap after full collections compared with the same silo before any conversation, then after forced idle
/// deactivation. What deactivation returns is what an active conversation holds; what stays is the memory storage and the
/// reminder table (in AzureStorage mode those live in the storage account). The archive and directory keep nothing here
/// (<see cref="DiscardingArchive"/>), as the table archive keeps nothing in the silo.
/// </summary>
internal sealed class MemoryBenchmark : IBenchmark
{
    private const int Exchanges = 5; // inbound + reply: 10 messages in the recent window
    private const double TargetBytes = 8 * 1024;
    private const string AgentNumber = "+16462009901";

    public string Name => "memory";

    public string Description => "bytes per active conversation (10 messages each) vs the same silo with none; idle deactivation returns it";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        var target = context.Pick(100_000, 1_000);
        var budget = context.Pick(TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(4));
        var sender = new RecordingSender();
        await using var silo = await BenchSilo.StartAsync(
            new Dictionary<string, string?> { ["Sms:Agent:BatchWindow"] = "00:00:00" },
            services =>
            {
                services.AddSingleton<ISmsSender>(sender);
                // Registered before the engine's defaults, so they win: nothing outside the silo's grains keeps the conversations' objects.
                services.AddSingleton<IMessageArchive, DiscardingArchive>();
                services.AddSingleton<IConversationDirectory, DiscardingDirectory>();
            });
        var grains = silo.Grains;
        // Human replies rather than the echo agent: agent turns run on at most one stateless worker per core, which would make
        // the ingest of 100,000 conversations take many minutes (see the inbound benchmark); the state is the same shape.
        var route = await SiloTenant.CreateAsync(grains, AgentNumber, agent: null);

        // Warm the silo (JIT, pools, storage grains), then put it back to no conversations: that is the baseline.
        await IngestAsync(grains, route, first: 900_000, count: context.Pick(1_000, 100), TimeSpan.FromMinutes(1));
        await CollectAsync(grains, expected: 0, TimeSpan.FromSeconds(30));
        var empty = Heap.AfterFullCollection();
        var emptyActivations = await Heap.ActivationsAsync(grains, "ConversationGrain");

        context.Log($"memory: activating up to {target:N0} conversations x {2 * Exchanges} messages (budget {budget.TotalSeconds:0} s)");
        var watch = Stopwatch.StartNew();
        var n = await IngestAsync(grains, route, first: 0, count: target, budget);
        var ingest = watch.Elapsed;
        var active = Heap.AfterFullCollection();
        var activations = await Heap.ActivationsAsync(grains, "ConversationGrain");
        context.Log($"memory: {n:N0} conversations in {ingest.TotalSeconds:0.0} s; {activations:N0} activations; heap {Mb(empty):0.0} -> {Mb(active):0.0} MB");

        watch.Restart();
        var left = await CollectAsync(grains, expected: 0, TimeSpan.FromSeconds(context.Pick(90, 20)));
        var collect = watch.Elapsed;
        var after = Heap.AfterFullCollection();
        context.Log($"memory: deactivation left {left:N0} activations after {collect.TotalSeconds:0.0} s; heap {Mb(after):0.0} MB");

        // Reactivated from storage, as after a restart or an idle period: the state is deserialized, strings are no longer
        // shared. A sample is enough for the per-conversation figure.
        var sample = Math.Min(n, context.Pick(20_000, 500));
        var ids = Enumerable.Range(0, sample).Select(i => ConversationId.For(AgentNumber, InboundTraffic.Customer(i))).ToList();
        watch.Restart();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
            await grains.GetGrain<IConversationGrain>(id).GetAsync(new ResourceOwner(route.TenantId, route.Environment), messageLimit: 0));
        var reactivate = watch.Elapsed;
        var reactivated = Heap.AfterFullCollection();
        context.Log($"memory: reactivated {sample:N0} from storage in {reactivate.TotalSeconds:0.0} s; heap {Mb(reactivated):0.0} MB");
        var footprint = await StateFootprint.MeasureAsync(silo.Services, ids.Take(context.Pick(10_000, 500)).ToList());

        var perConversation = (active - after) / (double)n;
        report.Compare($"GC heap with {n:N0} active conversations vs none", Mb(active), Mb(empty), "MB", "0.0");
        report.Figure("bytes per active conversation (returned by deactivation)", perConversation / 1024, "KB", "0.00",
            $"target <= {TargetBytes / 1024:0} KB: {(perConversation <= TargetBytes ? "met" : "MISSED")}");
        var reactivatedBytes = (reactivated - after) / (double)sample;
        report.Figure("bytes per conversation reactivated from storage", reactivatedBytes / 1024, "KB", "0.00",
            $"{sample:N0} of them; state deserialized, strings no longer shared; {sample / reactivate.TotalSeconds:0} activations/s");
        report.Figure("  of which the ConversationState object graph", footprint.StateBytes / 1024, "KB", "0.00",
            $"recent window (10 messages) {footprint.RecentBytes / 1024:0.00} KB, dedup window (5 ids) {footprint.DedupBytes / 1024:0.00} KB");
        report.Figure("  of which Orleans (activation, grain, state bridge, timers)", (reactivatedBytes - footprint.StateBytes) / 1024, "KB", "0.00");
        report.Figure("stored state (grain storage JSON) per conversation", footprint.StoredJsonBytes / 1024, "KB", "0.00",
            "what every state write serializes and sends");
        report.Figure("bytes per conversation incl. memory storage and reminders", (active - empty) / (double)n / 1024, "KB", "0.00",
            "what a memory-mode host keeps while the conversation is active");
        report.Figure("bytes per conversation after deactivation (memory storage, reminders)", (after - empty) / (double)n / 1024, "KB", "0.00",
            "in AzureStorage mode this lives in the storage account");
        report.Figure("conversation activations (active / after forced collection)", $"{activations:N0} / {left:N0}", $"before: {emptyActivations}");
        report.Figure("forced idle deactivation of all of them", collect.TotalSeconds, "s", "0.0");
        report.Figure("ingest rate (direct grain calls, no HTTP)", n * Exchanges / ingest.TotalSeconds, "inbound msg/s", "0", "each answered by a human reply (ReplyAsync) before the next");
        if (n < target)
        {
            report.Note($"N scaled down: {n:N0} of {target:N0} conversations fit the {budget.TotalSeconds:0} s ingest budget of this run.");
        }
    }

    /// <summary>Gives conversations <paramref name="first"/>.. five exchanges each, 64 conversations at a time; stops at the budget.</summary>
    private static async Task<int> IngestAsync(IGrainFactory grains, ConversationRoute route, int first, int count, TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        using var stop = new CancellationTokenSource();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stop.Token },
                async (i, _) =>
                {
                    var customer = InboundTraffic.Customer(i);
                    var conversation = grains.GetGrain<IConversationEngineGrain>(ConversationId.For(AgentNumber, customer));
                    for (var m = 1; m <= Exchanges; m++)
                    {
                        var body = $"Hi, it's about my appointment on Thursday at 3pm: could we move it to Friday? ({m}/{Exchanges})";
                        await conversation.ReceiveAsync(SiloTenant.Inbound(AgentNumber, customer, (long)i * 100 + m, body), route);
                        if (m == 1)
                        {
                            await conversation.UpdateAsync(new ResourceOwner(route.TenantId, route.Environment), new ConversationUpdate(Status: null, AgentMode: false));
                        }
                        var reply = await conversation.ReplyAsync(new ResourceOwner(route.TenantId, route.Environment), $"Sure, Friday at 3pm works. See you then! ({m}/{Exchanges})");
                        if (reply.Error is { } error)
                        {
                            throw new InvalidOperationException($"Reply refused: {error.Code}: {error.Detail}");
                        }
                    }
                    Interlocked.Increment(ref done);
                    if (watch.Elapsed > budget)
                    {
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException)
        {
        }
        return done;
    }

    /// <summary>Forces idle deactivation and waits until at most <paramref name="expected"/> conversation activations are left.</summary>
    private static async Task<int> CollectAsync(IGrainFactory grains, int expected, TimeSpan timeout)
    {
        var management = grains.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        var watch = Stopwatch.StartNew();
        int left;
        do
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            left = await Heap.ActivationsAsync(grains, "ConversationGrain");
            if (left <= expected)
            {
                break;
            }
            await Task.Delay(250);
        }
        while (watch.Elapsed < timeout);
        return left;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024);
}
