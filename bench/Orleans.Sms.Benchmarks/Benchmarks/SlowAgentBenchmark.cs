using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Testing.Agents;
using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// Webhook acknowledgement latency while a webhook agent takes 5 s to answer each turn, against the same open-loop load
/// on an agent that answers at once, in the same engine host (two use cases, one per agent). Also how many turns per
/// second reach each agent: the acknowledgement must not wait for the agent, and the agent should still get every turn.
/// </summary>
internal sealed class SlowAgentBenchmark : IBenchmark
{
    private const string Reply = """{"reply":"Thanks, noted: Thursday at 3pm."}""";

    public string Name => "slow-agent";

    public string Description => "webhook ack latency while the webhook agent answers after 5 s vs an instant agent";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        var agentDelay = TimeSpan.FromSeconds(5);
        var rate = context.Pick(100.0, 50.0);
        var duration = context.Pick(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
        var customers = context.Pick(500, 100);

        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var instant = await TestAgentServer.StartAsync(TestAgentServer.Json(Reply));
        await using var slow = await TestAgentServer.StartAsync(async (_, http) =>
        {
            try
            {
                await Task.Delay(agentDelay, http.RequestAborted);
                await TestAgentServer.WriteJsonAsync(http, Reply);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var port = Ports.Free();
        await using var host = await ChildHost.StartAsync(EngineServer.Command, port, EngineArguments.Twilio(twilio, port, TimeSpan.Zero));
        var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
        var instantNumbers = EngineTenant.AgentNumbers(2, block: 10);
        var slowNumbers = EngineTenant.AgentNumbers(2, block: 11);
        await tenant.AddUseCaseAsync(instantNumbers, new { type = "webhook", url = instant.Url, secret = instant.Secret }, "Instant agent");
        await tenant.AddUseCaseAsync(slowNumbers, new { type = "webhook", url = slow.Url, secret = slow.Secret }, "Slow agent");
        using var http = LoadClient.Create();

        var toInstant = new InboundTraffic(host.BaseUrl, host.BaseUrl, twilio.AccountSid, twilio.AuthToken, instantNumbers, customers, firstCustomer: 300_000);
        var toSlow = new InboundTraffic(host.BaseUrl, host.BaseUrl, twilio.AccountSid, twilio.AuthToken, slowNumbers, customers, firstCustomer: 400_000);
        context.Log("slow-agent: warm-up on the instant agent");
        await LoadRunner.ClosedLoopAsync(() => toInstant.SendNextAsync(http), 8, context.Pick(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1)));
        await Task.Delay(500);

        var instantPhase = await PhaseAsync(context, "instant agent", toInstant, http, instant, twilio, rate, duration);
        var slowPhase = await PhaseAsync(context, "5-second agent", toSlow, http, slow, twilio, rate, duration);

        report.Compare("ack p50 (vs instant agent)", slowPhase.Load.Latencies.P50, instantPhase.Load.Latencies.P50, "ms", "0.0",
            $"open loop {rate:0} msg/s for {duration.TotalSeconds:0} s over {customers} customers each");
        report.Compare("ack p99 (vs instant agent)", slowPhase.Load.Latencies.P99, instantPhase.Load.Latencies.P99, "ms", "0.0",
            $"failed: {slowPhase.Load.Failed} vs {instantPhase.Load.Failed}");
        report.Compare("agent turns started per second (vs instant agent)", slowPhase.TurnsPerSecond, instantPhase.TurnsPerSecond, "/s", "0.0",
            "requests the agent received during the phase");
        report.Compare("replies sent during the phase (vs instant agent)", slowPhase.Replies, instantPhase.Replies, "", "0");
        report.Note($"Both agents behind the real WebhookAgent (signed POST, retry pipeline); the slow one answers each turn after {agentDelay.TotalSeconds:0} s. " +
                    "Batch window 0: every message owes a turn; messages arriving while a conversation's turn is in flight join its next turn.");
    }

    private static async Task<Phase> PhaseAsync(
        BenchContext context, string name, InboundTraffic traffic, HttpClient http, TestAgentServer agent, FakeTwilioServer twilio,
        double rate, TimeSpan duration)
    {
        var requestsBefore = agent.Requests.Count;
        var sendsBefore = twilio.Messages.Count;
        var load = await LoadRunner.OpenLoopAsync(() => traffic.SendNextAsync(http), rate, duration);
        var turns = agent.Requests.Count - requestsBefore;
        var replies = twilio.Messages.Count - sendsBefore;
        var phase = new Phase(load, turns / load.Elapsed.TotalSeconds, replies);
        context.Log($"slow-agent: {name}: ack p50 {load.Latencies.P50:0.0} ms, p99 {load.Latencies.P99:0.0} ms, failed {load.Failed} {load.FirstFailure}; " +
                    $"agent got {turns} turns ({phase.TurnsPerSecond:0.0}/s), {replies} replies sent");
        return phase;
    }

    private sealed record class Phase(LoadResult Load, double TurnsPerSecond, int Replies);
}
