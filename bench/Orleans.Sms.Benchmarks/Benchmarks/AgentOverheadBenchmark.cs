using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Testing.Agents;
using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// How long after its webhook is acknowledged an inbound message reaches a webhook agent (batch window 0), against a
/// direct HTTP POST of the same body, signed the same way, from the load generator to the same agent server. A few
/// customers text one after another, each message waiting for its arrival at the agent, so turns never queue.
/// </summary>
internal sealed class AgentOverheadBenchmark : IBenchmark
{
    public string Name => "agent-overhead";

    public string Description => "inbound ack -> request at a webhook agent (batch window 0) vs a direct POST to the same agent";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        var workers = context.Pick(4, 2);
        var customers = context.Pick(200, 40);
        var warm = context.Pick(400, 40);
        var measured = context.Pick(2_000, 150);

        await using var twilio = await FakeTwilioServer.StartAsync();
        var arrivals = new AgentArrivals();
        await using var agent = await TestAgentServer.StartAsync(arrivals.RespondAsync);
        var port = Ports.Free();
        await using var host = await ChildHost.StartAsync(EngineServer.Command, port, EngineArguments.Twilio(twilio, port, TimeSpan.Zero));
        var numbers = EngineTenant.AgentNumbers(1, block: 20);
        var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
        await tenant.AddUseCaseAsync(numbers, new { type = "webhook", url = agent.Url, secret = agent.Secret }, "Webhook agent");
        var traffic = new InboundTraffic(host.BaseUrl, host.BaseUrl, twilio.AccountSid, twilio.AuthToken, numbers, customers,
            firstCustomer: 200_000, body: AgentArrivals.Body);
        using var http = LoadClient.Create();

        var ack = new Latencies();
        var ackToAgent = new Latencies();
        var sendToAgent = new Latencies();
        var remaining = warm + measured;
        var failures = 0;
        context.Log($"agent-overhead: {warm + measured:N0} probes through the engine ({warm:N0} warm-up), {workers} at a time");
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var sequence = traffic.NextSequence();
                var sent = Stopwatch.GetTimestamp();
                var failure = await traffic.SendAsync(http, sequence);
                var acked = Stopwatch.GetTimestamp();
                if (failure is not null)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }
                var reached = await arrivals.WaitAsync(sequence, TimeSpan.FromSeconds(30));
                if (sequence > warm)
                {
                    ack.AddSince(sent, acked);
                    ackToAgent.AddSince(acked, reached);
                    sendToAgent.AddSince(sent, reached);
                }
            }
        }));

        // Baseline: the body the engine sent, with a new probe number, signed as the engine signs, posted straight to the agent.
        var template = Encoding.UTF8.GetString(arrivals.FirstBody ?? throw new InvalidOperationException("The agent received nothing."));
        var templateProbe = System.Text.RegularExpressions.Regex.Match(template, AgentArrivals.Prefix + @"\d+").Value;
        var direct = new Latencies();
        long baselineSequence = 1_000_000_000;
        remaining = warm + measured;
        context.Log($"agent-overhead: {warm + measured:N0} direct posts ({warm:N0} warm-up)");
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var sequence = Interlocked.Increment(ref baselineSequence);
                var body = Encoding.UTF8.GetBytes(template.Replace(templateProbe, AgentArrivals.Body(sequence), StringComparison.Ordinal));
                using var request = new HttpRequestMessage(HttpMethod.Post, agent.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-Sms-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(agent.Secret), body)));
                request.Headers.Add("X-Sms-Delivery", Guid.NewGuid().ToString("N"));
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var reached = await arrivals.WaitAsync(sequence, TimeSpan.FromSeconds(30));
                if (sequence > 1_000_000_000 + warm)
                {
                    direct.AddSince(sent, reached);
                }
            }
        }));

        report.Compare("inbound ack -> agent receives the turn, p50", ackToAgent.P50, direct.P50, "ms", "0.00", "baseline: direct POST -> agent receives it");
        report.Compare("inbound ack -> agent receives the turn, p99", ackToAgent.P99, direct.P99, "ms", "0.00");
        report.Compare("webhook sent -> agent receives the turn, p50", sendToAgent.P50, direct.P50, "ms", "0.00", "includes the inbound ack");
        report.Compare("webhook sent -> agent receives the turn, p99", sendToAgent.P99, direct.P99, "ms", "0.00");
        report.Figure("inbound ack latency p50 / p99", $"{ack.P50:0.00} / {ack.P99:0.00} ms", $"{ack.Count:N0} probes, {workers} concurrent, {failures} failed");
        report.Note("ack -> agent can be below zero when the agent is asked before the ack reaches the load generator: the turn starts " +
                    "on a grain timer as soon as the message is recorded. The agent answers 204 (no reply), so nothing else is sent.");
    }
}
