using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests;

/// <summary><c>GET /v1/usage</c>: messages and segments per tenant per day, the raw material for billing.</summary>
public abstract class UsageTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : UsageTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : UsageTests(factory);

    [Fact]
    public async Task Usage_CountsMessagesAndSegmentsBothWays()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("773");
        var days = new UsageDays();
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = new string('a', 161) })); // 2 segments
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = tenant.Number, body = "ok 👍" }));

        JsonElement totals = default;
        await DemoFlowTests.Eventually(async () =>
        {
            var report = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/usage?{days.Query}");
            totals = report.GetProperty("totals");
            return totals.GetProperty("outbound_messages").GetInt64() == 2; // the opening and the echo reply
        });

        Assert.Equal((1L, 1L, 2L, 3L), (totals.GetProperty("inbound_messages").GetInt64(), totals.GetProperty("inbound_segments").GetInt64(),
            totals.GetProperty("outbound_messages").GetInt64(), totals.GetProperty("outbound_segments").GetInt64()));
        var other = await ApiTenant.CreateAsync(factory, withNumber: false);
        var nothing = await other.Api.GetFromJsonAsync<JsonElement>($"/v1/usage?{days.Query}");
        Assert.Equal(0, nothing.GetProperty("totals").GetProperty("inbound_messages").GetInt64());
        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync($"/v1/usage?from={days.First}&to=2020-01-01"), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync("/v1/usage?from=yesterday&to=today"), HttpStatusCode.BadRequest, "invalid_request");
    }
}
