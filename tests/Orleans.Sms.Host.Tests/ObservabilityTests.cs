using System.Net;
using System.Net.Http.Json;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>Metrics at /metrics (when enabled), the Orleans dashboard and the API reference in Development.</summary>
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
    }

    [Fact]
    public async Task DevelopmentPages_AreServed()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
    }
}
