using System.Diagnostics;
using Azure.Data.Tables;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Benchmarks.Storage;
using Orleans.Sms.Testing.Azurite;
using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Storage requests per inbound message in AzureStorage mode, counted by a proxy in front of Azurite, over whole
/// 20-message sessions that run to their end (warning, then timeout, with timers of a few seconds). Two use cases: no
/// agent (the inbound path alone) and the echo agent (each message answered before the customer's next). Baseline in
/// the same run: Azurite's raw single-entity insert rate through the same proxy at the same concurrency.
/// </summary>
internal sealed class StorageOpsBenchmark : IBenchmark
{
    private const int MessagesPerSession = 20;
    private const double Target = 1.5;
    private const string Prefix = "bench";

    public string Name => "storage-ops";

    public string Description => "storage writes per inbound message in AzureStorage mode (Azurite) over 20-message sessions vs raw inserts";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        var customers = context.Pick(40, 5);
        var warningAfter = context.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
        var grace = context.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        await using var azurite = await Azurite.StartAsync(context);
        await using var proxy = new CountingProxy(azurite.Port);
        var connection = AzuriteServer.ConnectionStringFor(proxy.Port);

        var raw = await RawInsertsAsync(connection, customers, context.Pick(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1.5)), proxy);
        context.Log($"storage-ops: raw inserts {raw.PerSecond:0}/s at concurrency {customers} ({raw.Requests} requests for {raw.Inserts} inserts)");

        await using var twilio = await FakeTwilioServer.StartAsync();
        var port = Ports.Free();
        var arguments = EngineArguments.Twilio(twilio, port, TimeSpan.Zero);
        arguments.AddRange(
        [
            "--Sms:Storage=AzureStorage",
            $"--ConnectionStrings:AzureStorage={connection}",
            $"--Sms:AzureStorage:TablePrefix={Prefix}",
            $"--Sms:Session:WarningAfter={warningAfter:c}",
            $"--Sms:Session:GracePeriod={grace:c}",
            "--Bench:MinimumReminderPeriod=00:00:01",
        ]);
        await using var host = await ChildHost.StartAsync(EngineServer.Command, port, arguments, TimeSpan.FromSeconds(90));
        var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
        var quiet = EngineTenant.AgentNumbers(1, block: 30);
        var echo = EngineTenant.AgentNumbers(1, block: 31);
        await tenant.AddUseCaseAsync(quiet, agent: null, "No agent");
        await tenant.AddUseCaseAsync(echo, new { type = "echo" }, "Echo agent");
        using var http = LoadClient.Create();

        if (!context.Smoke)
        {
            // Warm both paths, then let those sessions end before anything is counted.
            context.Log("storage-ops: warm-up sessions");
            await SessionsAsync(context, "warm-up (no agent)", http, host, twilio, proxy, quiet, customers: 4, firstCustomer: 500_000, waitForReplies: false);
            await SessionsAsync(context, "warm-up (echo)", http, host, twilio, proxy, echo, customers: 4, firstCustomer: 510_000, waitForReplies: true);
        }
        var inbound = await SessionsAsync(context, "no agent", http, host, twilio, proxy, quiet, customers, firstCustomer: 600_000, waitForReplies: false);
        var agent = await SessionsAsync(context, "echo agent", http, host, twilio, proxy, echo, customers, firstCustomer: 700_000, waitForReplies: true);

        foreach (var (name, run) in new[] { ("no agent", inbound), ("echo agent", agent) })
        {
            var c = run.Counts;
            double n = run.Messages;
            var writes = c.Writes(Prefix + "grains") + c.Writes(Prefix + "reminders") + c.Writes(Prefix + "messages") + c.Writes(Prefix + "sessions") +
                         c.Writes(Prefix + "conversations");
            report.Figure($"{name}: storage writes per inbound message", writes / n, "", "0.00",
                $"target <= {Target}: {(writes / n <= Target ? "met" : "MISSED")}; {run.Messages:N0} messages in {customers} sessions of {MessagesPerSession}");
            report.Figure($"{name}:   grain state writes", c.Writes(Prefix + "grains") / n, "", "0.00",
                string.Join(", ", c.StateWrites.Where(p => p.Value != 0).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / n:0.00}")));
            report.Figure($"{name}:   reminder writes (upserts + deletes)", c.Writes(Prefix + "reminders") / n, "", "0.00",
                $"{c.Writes(Prefix + "reminders") - c.Deletes(Prefix + "reminders")} upserts, {c.Deletes(Prefix + "reminders")} deletes");
            report.Figure($"{name}:   archive writes (messages + sessions)", (c.Writes(Prefix + "messages") + c.Writes(Prefix + "sessions")) / n, "", "0.00",
                $"{c.Writes(Prefix + "messages")} message requests ({c.BatchOperations.GetValueOrDefault(Prefix + "messages")} rows in batches), {c.Writes(Prefix + "sessions")} session rows");
            report.Figure($"{name}:   conversation directory writes", c.Writes(Prefix + "conversations") / n, "", "0.00");
            report.Figure($"{name}: storage reads per inbound message", c.AllReads / n, "", "0.00",
                $"grains {c.ReadsOf(Prefix + "grains")}, reminders {c.ReadsOf(Prefix + "reminders")}, messages {c.ReadsOf(Prefix + "messages")}");
            report.Figure($"{name}: replies sent (fake Twilio)", run.Replies, "", "0", $"membership requests meanwhile: {c.Writes(Prefix + "silos") + c.ReadsOf(Prefix + "silos")}");
        }
        report.Compare("inbound msg/s through the engine vs raw inserts/s", inbound.PerSecond, raw.PerSecond, "/s", "0",
            $"no agent, {customers} customers at once, each message acknowledged before the next; echo agent: {agent.PerSecond:0} msg/s");
        report.Note($"WarningAfter {warningAfter.TotalSeconds:0} s and GracePeriod {grace.TotalSeconds:0} s (minimum reminder period lowered to 1 s " +
                    "for the benchmark), so every session runs to its timeout inside the run: its warning, timeout, reminder upserts and " +
                    "delete are counted with its 20 messages. A $batch (message row + provider-id index row) is one write request. " +
                    $"Breakdown (echo agent): {agent.Counts.Describe()}");
    }

    private static async Task<Run> SessionsAsync(
        BenchContext context, string name, HttpClient http, ChildHost host, FakeTwilioServer twilio, CountingProxy proxy,
        IReadOnlyList<string> number, int customers, int firstCustomer, bool waitForReplies)
    {
        var traffic = new InboundTraffic(host.BaseUrl, host.BaseUrl, twilio.AccountSid, twilio.AuthToken, number, customers, firstCustomer);
        var before = proxy.Snapshot();
        var repliesBefore = twilio.Messages.Count;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, customers).Select(async c =>
        {
            var customer = InboundTraffic.Customer(firstCustomer + c);
            for (var m = 0; m < MessagesPerSession; m++)
            {
                // Sequence c + m * customers belongs to customer c (pair = sequence % customers).
                var failure = await traffic.SendAsync(http, c + (long)m * customers);
                if (failure is not null)
                {
                    throw new InvalidOperationException($"Inbound refused: {failure}");
                }
                if (waitForReplies)
                {
                    await WaitAsync(() => twilio.Messages.Count(x => x.To == customer) > m, TimeSpan.FromSeconds(20));
                }
            }
        }));
        var elapsed = watch.Elapsed;
        var messages = customers * MessagesPerSession;
        // Every session ends with its reminder deleted (timeout); then a moment for the trailing writes.
        var ended = await WaitAsync(() => (proxy.Snapshot() - before).Deletes(Prefix + "reminders") >= customers, TimeSpan.FromSeconds(40));
        await Task.Delay(TimeSpan.FromSeconds(context.Smoke ? 1 : 1.5));
        var counts = proxy.Snapshot() - before;
        var run = new Run(messages, messages / elapsed.TotalSeconds, counts, twilio.Messages.Count - repliesBefore);
        context.Log($"storage-ops: {name}: {messages} messages at {run.PerSecond:0}/s, sessions ended: {ended}; {counts.Total} requests: {counts.Describe()}");
        return run;
    }

    private static async Task<RawResult> RawInsertsAsync(string connection, int concurrency, TimeSpan duration, CountingProxy proxy)
    {
        var service = new TableServiceClient(connection);
        var table = service.GetTableClient("benchraw");
        await table.CreateIfNotExistsAsync();
        var payload = new string('x', 900); // about the size of an archived message row
        await table.AddEntityAsync(new TableEntity("warm", "0") { ["Body"] = payload });
        var before = proxy.Snapshot();
        long inserts = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var partition = "p" + worker;
            for (var i = 0; watch.Elapsed < duration; i++)
            {
                await table.AddEntityAsync(new TableEntity(partition, i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)) { ["Body"] = payload });
                Interlocked.Increment(ref inserts);
            }
        }));
        var elapsed = watch.Elapsed;
        return new RawResult(inserts / elapsed.TotalSeconds, inserts, (proxy.Snapshot() - before).Total);
    }

    private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    private sealed record class Run(int Messages, double PerSecond, StorageCounts Counts, int Replies);

    private sealed record class RawResult(double PerSecond, long Inserts, int Requests);
}
