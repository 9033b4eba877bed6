using System.Net;
using System.Net.Http.Json;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>Metrics at /metrics (when enabled), the Orleans dashboard and the API reference in Development.</summary>
/// <remarks>
/// Alone, after the parallel tests: with another host running in the same test process, this host's replies stalled for
/// good (reproduced every time with one other host and the dashboard test split off; ~2 of 7 full runs otherwise). The
/// cause is not found yet; the metrics pipeline listens to meters by name across the whole process.
/// </remarks>
[Collection(MetricsHostAlone.Name)]
public sealed class ObservabilityTests(MetricsHostFactory factory) : IClassFixture<MetricsHostFactory>
{
    [Fact]
    public async Task Metrics_CountMessagesAndAgentTurns()
    {
        var api = factory.CreateApiClient();
        await Http.ReadAsync(await api.PostAsJsonAsync("/v1/simulator/inbound", new { from = "+15551239999", to = DevTenant.Number, body = "count me" }));
        await DemoFlowTests.Eventually(async () =>
            (await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/simulator/outbox?to=%2B15551239999")).GetProperty("messages").GetArrayLength() == 1);

        string metrics = "";
        await DemoFlowTests.Eventually(async () =>
        {
            metrics = await factory.CreateClient().GetStringAsync("/metrics");
            return metrics.Contains("sms_messages_outbound");
        });

        Assert.Matches(@"sms_messages_inbound_total\{[^}]*\} [1-9]", metrics);
        Assert.Matches(@"sms_messages_outbound_total\{[^}]*\} [1-9]", metrics);
        Assert.Contains("sms_agent_duration_milliseconds_bucket", metrics);
        Assert.Contains("sms_conversations_active", metrics);
        Assert.Contains("service_name=\"orleans-sms\"", metrics);
        Assert.DoesNotContain("unknown_service", metrics);
    }

    [Fact]
    public async Task Metrics_CountMessagesWrittenToTheArchiveInBatches()
    {
        var api = factory.CreateApiClient();
        const string customer = "+15551238888";
        var before = await ArchivedMessagesAsync();
        for (var i = 1; i <= 8; i++)
        {
            await Http.ReadAsync(await api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = DevTenant.Number, body = $"message {i}" }));
            var answered = i;
            await DemoFlowTests.Eventually(async () =>
                (await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/simulator/outbox?to=%2B15551238888")).GetProperty("messages").GetArrayLength() == answered);
            if (i == 7)
            {
                // 14 messages owed, under a batch: none written one at a time.
                Assert.Equal(before, await ArchivedMessagesAsync());
            }
        }

        // 8 messages and their 8 echoes make a batch of 16, written to the archive after the call that completed it.
        // (At least: the host's other conversations may flush theirs meanwhile, e.g. when one deactivates.)
        await DemoFlowTests.Eventually(async () => await ArchivedMessagesAsync() >= before + 16);
    }

    private async Task<long> ArchivedMessagesAsync()
    {
        var metrics = await factory.CreateClient().GetStringAsync("/metrics");
        var match = System.Text.RegularExpressions.Regex.Match(metrics, @"sms_archive_messages_total\{[^}]*\} (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task DevelopmentPages_AreServed()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsHostAlone
{
    public const string Name = "metrics host, alone";
}
