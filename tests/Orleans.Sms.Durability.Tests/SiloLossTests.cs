using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// Three hosts as one cluster on Azure clustering; one is killed with SIGKILL while customers keep texting the other
/// two. No accepted message is lost or doubled, a conversation that lived on the dead silo answers again and its
/// timer fires on a survivor (docs/api.md: Session lifecycle: timers are durable), and number assignment stays exclusive (docs/api.md: Use cases).
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output)
{
    private const string Warning = "Still there? This chat closes soon (silo loss test).";
    private const int SteadyCustomers = 8;
    private const int TimerCustomers = 9;
    private const int RacingUseCases = 5;

    /// <summary>Long enough that the timers armed just before the kill are still armed when it comes.</summary>
    private static readonly TimeSpan WarningAfter = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cluster_OneOfThreeSilosKilledMidTraffic_LosesNothingAndKeepsTimersAndExclusivity()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("siloloss"))
            .With("Sms:Session:WarningAfter", WarningAfter)
            .With("Sms:Session:GracePeriod", GracePeriod);
        var hosts = new List<HostProcess>();
        ClusterView? cluster = null;
        using var stopTraffic = new CancellationTokenSource();
        Task? steady = null;
        InboundTraffic? traffic = null;
        var passed = false;
        try
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(HostProcess.Start($"silo{i}", engine.ForInstance()));
            }
            await Task.WhenAll(hosts.Select(h => h.WaitReadyAsync()));
            cluster = await ClusterView.ConnectAsync(azurite, engine);
            await Eventually.UntilAsync(cluster.ActiveSiloPortsAsync, ports => ports.Count == 3, "a cluster of three active silos", Recovery);
            output.WriteLine($"three silos up and clustered in {clock.Elapsed.TotalSeconds:0.0} s");

            // One tenant: a number whose customers text steadily (no agent), a number with an echo agent for the
            // timer conversations, and a number that five use cases will race for.
            var api = await SmsApi.CreateTenantAsync(hosts[0].Http, engine.AdminKey, "Silo Loss Clinic");
            var (steadyNumber, timerNumber, racedNumber) = (SmsApi.NewNumber("312"), SmsApi.NewNumber("312"), SmsApi.NewNumber("312"));
            foreach (var number in new[] { steadyNumber, timerNumber, racedNumber })
            {
                await api.RegisterNumberAsync(number);
            }
            var steadyUseCase = await api.CreateUseCaseAsync("Steady", agent: null, Warning);
            var timerUseCase = await api.CreateUseCaseAsync("Timers", SmsApi.EchoAgent, Warning);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(steadyUseCase, steadyNumber)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(timerUseCase, timerNumber)).StatusCode);
            var racers = new List<string>();
            for (var i = 0; i < RacingUseCases; i++)
            {
                racers.Add(await api.CreateUseCaseAsync($"Racer {i}", agent: null));
            }

            // Traffic through all three hosts.
            traffic = new InboundTraffic(hosts, api);
            var steadyCustomers = Enumerable.Range(0, SteadyCustomers).Select(_ => SmsApi.NewNumber("917")).ToList();
            steady = traffic.RunAsync(steadyNumber, steadyCustomers, TimeSpan.FromMilliseconds(200), stopTraffic.Token);
            await Eventually.TrueAsync(() => Task.FromResult(traffic.Accepted.Count >= 3 * SteadyCustomers), "steady traffic", Recovery);

            // Conversations with an armed timer: one message each, answered by the echo agent, then silence.
            var timerCustomers = Enumerable.Range(0, TimerCustomers).Select(_ => SmsApi.NewNumber("646")).ToList();
            await Task.WhenAll(timerCustomers.Select(c => traffic.DeliverAsync(c, timerNumber, "Can I move my appointment?", SmsApi.NewMessageSid())));
            await Eventually.TrueAsync(
                async () => (await Task.WhenAll(timerCustomers.Select(api.OutboxAsync))).All(sent => sent.Count == 1),
                "the echo answers to the timer conversations", Recovery);

            // The victim: the silo holding the most timer conversations.
            var placement = await cluster.ConversationsBySiloPortAsync();
            var timerConversations = timerCustomers.ToDictionary(c => ConversationId.For(timerNumber, c));
            var victim = hosts.MaxBy(h => timerConversations.Keys.Count(id => placement.GetValueOrDefault(id) == h.SiloPort))!;
            var orphans = timerConversations.Where(t => placement.GetValueOrDefault(t.Key) == victim.SiloPort).ToList();
            output.WriteLine("placement: " + string.Join(", ", hosts.Select(h =>
                $"{h.Name} (silo {h.SiloPort}): {placement.Values.Count(p => p == h.SiloPort)} conversations")));
            Assert.NotEmpty(orphans);

            // kill -9, mid-traffic; requests keep coming to the survivors.
            var accepted = traffic.Accepted.Count;
            var killedAt = DateTimeOffset.UtcNow;
            var killed = Stopwatch.StartNew();
            victim.Crash();
            traffic.MarkDown(victim);
            var survivors = hosts.Where(h => h != victim).ToList();
            output.WriteLine($"killed {victim.Name} after {accepted} accepted messages; {orphans.Count} timer conversations lived on it");

            // A conversation that lived on the dead silo answers again, from a survivor.
            var (orphanId, orphanCustomer) = orphans[0];
            await Eventually.TrueAsync(
                async () => (await api.On(survivors[0].Http).GetAsync($"/v1/conversations/{orphanId}")).StatusCode == HttpStatusCode.OK,
                "the orphaned conversation to answer on a survivor", Recovery);
            var answeredAfter = killed.Elapsed;
            output.WriteLine($"orphaned conversation answers {answeredAfter.TotalSeconds:0.0} s after the kill");
            await Eventually.TrueAsync(
                async () => await cluster.MembershipStatusAsync(victim.SiloPort) == "Dead", "the cluster to declare the killed silo dead", Recovery);
            var declaredDeadAfter = killed.Elapsed;
            output.WriteLine($"killed silo declared dead {declaredDeadAfter.TotalSeconds:0.0} s after the kill");

            // The orphaned timers fire after the kill, so on a survivor: the warning, once each.
            foreach (var (_, customer) in orphans)
            {
                var sent = await Eventually.UntilAsync(
                    () => api.On(survivors[1].Http).OutboxAsync(customer), sent => sent.Any(m => m.Str("body") == Warning),
                    $"the warning to {customer}, whose conversation lived on the dead silo", Recovery);
                var warnedAt = sent.First(m => m.Str("body") == Warning).GetProperty("created_at").GetDateTimeOffset();
                Assert.True(warnedAt > killedAt, $"The warning to {customer} went out at {warnedAt:O}, before the kill ({killedAt:O}): raise WarningAfter.");
            }
            var warnedAfter = killed.Elapsed;
            output.WriteLine($"orphaned warnings sent {warnedAfter.TotalSeconds:0.0} s after the kill");

            // The race for one number, across both survivors, while the traffic goes on: exactly one winner.
            var race = await Task.WhenAll(racers.Select((useCase, i) => api.On(survivors[i % survivors.Count].Http).AssignAsync(useCase, racedNumber)));
            var codes = await Task.WhenAll(race.Select(async r => r.IsSuccessStatusCode ? "" : await SmsApi.ProblemCodeAsync(r) ?? "(no code)"));
            var outcome = string.Join(", ", race.Select((r, i) => $"{(int)r.StatusCode} {codes[i]}"));
            Assert.True(race.Count(r => r.StatusCode == HttpStatusCode.Created) == 1, $"Exactly one use case must win the number: {outcome}");
            Assert.True(race.Count(r => r.StatusCode == HttpStatusCode.Conflict) == RacingUseCases - 1, $"The others must get 409: {outcome}");
            Assert.All(codes.Where(c => c.Length > 0), c => Assert.Equal("number_already_assigned", c));
            var winner = racers[Array.FindIndex(race, r => r.StatusCode == HttpStatusCode.Created)];
            var raced = await SmsApi.ReadAsync(await api.On(survivors[0].Http).GetAsync($"/v1/phone-numbers/{Uri.EscapeDataString(racedNumber)}"));
            Assert.Equal(winner, raced.Str("sms_use_case_id"));

            await stopTraffic.CancelAsync();
            await steady;
            output.WriteLine(
                $"recovery after the kill: orphaned conversation answers {answeredAfter.TotalSeconds:0.0} s, silo declared dead " +
                $"{declaredDeadAfter.TotalSeconds:0.0} s, orphaned warnings sent {warnedAfter.TotalSeconds:0.0} s; " +
                $"{traffic.Accepted.Count} messages accepted ({traffic.Accepted.Count - accepted} after the kill), " +
                $"{traffic.Failures.Count} attempts failed and were retried, " +
                $"longest request {traffic.LongestRequest.TotalSeconds:0.0} s");

            // Every accepted message is in its conversation exactly once: nothing lost, nothing doubled.
            var reader = api.On(survivors[0].Http);
            foreach (var customer in steadyCustomers.Concat(timerCustomers))
            {
                var number = timerCustomers.Contains(customer) ? timerNumber : steadyNumber;
                var conversation = await reader.ConversationAsync(ConversationId.For(number, customer));
                var recorded = conversation.Messages().Where(m => m.Str("direction") == "inbound").Select(m => m.Str("provider_message_sid")).Order();
                var sent = traffic.Accepted.Where(a => a.Value == customer).Select(a => a.Key).Order();
                Assert.Equal(sent, recorded);
            }
            // The orphaned timers fired once each (the transcript agrees with the outbox).
            foreach (var (id, customer) in orphans)
            {
                Assert.Single(await reader.OutboxAsync(customer), m => m.Str("body") == Warning);
                Assert.Single((await reader.ConversationAsync(id)).Messages(), m => m.Str("body") == Warning);
            }

            // The conversations were all just read, so each is active on a survivor. The survivors are stopped the way an
            // orchestrator stops them, and their grains write what they owe the archive: it then holds every accepted
            // message exactly once, those the killed silo recorded too.
            await cluster.DisposeAsync();
            cluster = null;
            await Task.WhenAll(survivors.Select(h => h.StopAsync()));
            var archive = new TableMessageArchive(new TableServiceClient(azurite.ConnectionString), engine.TablePrefix);
            foreach (var customer in steadyCustomers.Concat(timerCustomers))
            {
                var number = timerCustomers.Contains(customer) ? timerNumber : steadyNumber;
                var archived = await archive.ReadAsync(ConversationId.For(number, customer), sessionId: null, limit: 5000);
                var sent = traffic.Accepted.Where(a => a.Value == customer).Select(a => a.Key).Order();
                Assert.Equal(sent, archived.Where(m => m.Direction == MessageDirection.Inbound).Select(m => m.ProviderMessageSid).Order());
            }
            passed = true;
        }
        finally
        {
            await stopTraffic.CancelAsync();
            foreach (var kind in (traffic?.Failures ?? []).GroupBy(f => string.Join(' ', f.Split(' ').Take(2))))
            {
                output.WriteLine($"  retried {kind.Count()} × {kind.Key} (e.g. {kind.First()[..Math.Min(140, kind.First().Length)]})");
            }
            if (!passed)
            {
                foreach (var host in hosts)
                {
                    var log = host.Output;
                    output.WriteLine($"--- {host.Name} (silo {host.SiloPort}) output, last 6000 chars:\n{log[Math.Max(0, log.Length - 6000)..]}");
                }
            }
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
        }
    }
}
