using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Host.Tests.Campaigns;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The sender the engine chooses for a customer (docs/api.md: Sending, Campaigns) is the pool number that last talked with
/// them, when the customer was the one who texted too: over HTTP, with the simulator, on both storage modes.
/// </summary>
public abstract class StickySenderTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : StickySenderTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : StickySenderTests(factory);

    [Fact]
    public async Task TheNumberTheCustomerLastTexted_SendsTheirNextApiMessageAndCampaignMessage()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var (first, second) = (tenant.Number, TestTenant.NewNumber("312"));
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = second, type = "mobile", capabilities = new[] { "sms" } }));
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync($"/v1/use-cases/{tenant.UseCaseId}/numbers", new { phone_number = second }));
        var customer = TestTenant.NewNumber("646"); // no area-code match with either number

        foreach (var texted in new[] { second, first, second })
        {
            await TextAndAwaitTheEchoAsync(tenant, customer, texted);

            var sent = await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms",
                new { to = customer, message = "Your order shipped.", use_case_id = tenant.UseCaseId }));
            Assert.Equal(texted, sent.GetProperty("from").GetString());
        }

        await TextAndAwaitTheEchoAsync(tenant, customer, first);
        var campaigns = new CampaignClient(tenant);
        var id = await campaigns.CreateAsync("Your flu shot is waiting.");
        await campaigns.AddNumbersAsync(id, customer);
        await Http.ReadAsync(await campaigns.CommandAsync(id, "start"));
        await campaigns.CompletedAsync(id);
        Assert.Equal(first, Assert.Single(await campaigns.RecipientsAsync(id)).GetProperty("from").GetString());
    }

    /// <summary>The customer texts <paramref name="to"/>; the echo agent's answer from it is the barrier that the text was taken.</summary>
    private static async Task TextAndAwaitTheEchoAsync(ApiTenant tenant, string customer, string to)
    {
        var body = $"Hello {Guid.NewGuid():N}";
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to, body }));
        await Eventually.TrueAsync(async () =>
            (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/simulator/outbox?to={Uri.EscapeDataString(customer)}"))
                .GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("body").GetString() == body && m.GetProperty("from").GetString() == to),
            "the echo of the customer's text");
    }
}
