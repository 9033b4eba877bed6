using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing.Agents;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>The agent payload's <c>contact</c> (README.md: Agents): the contact exactly as the API shows it, or null.</summary>
public abstract class ContactAgentTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : ContactAgentTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : ContactAgentTests(factory);

    [Fact]
    public async Task WebhookAgent_GetsTheCustomersContactOrNull()
    {
        await using var agent = await TestAgentServer.StartAsync(
            (_, context) => TestAgentServer.WriteJsonAsync(context, """{"reply":"Hi"}"""), secret: "agent-secret");
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = "agent-secret" });
        var (known, stranger) = (TestTenant.NewNumber("404"), TestTenant.NewNumber("404"));
        var created = await ContactsApiTests.CreateAsync(scenario.Api, new
        {
            phone_number = known, first_name = "Ann", last_name = "Lee", company = "Acme", fields = new { plan_tier = "gold" },
        });
        var shown = await scenario.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/{created.GetProperty("contact_id").GetString()}");

        await scenario.TextAsync(known, "Hello");
        await scenario.TextAsync(stranger, "Hello");
        await DemoFlowTests.Eventually(() => Task.FromResult(agent.Requests.Count == 2));

        var payloads = agent.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToDictionary(p => p.GetProperty("customer_number").GetString()!);
        var contact = payloads[known].GetProperty("contact");
        Assert.Equal(
            shown.EnumerateObject().Select(p => (p.Name, p.Value.ToString())),
            contact.EnumerateObject().Select(p => (p.Name, p.Value.ToString())));
        Assert.Equal(JsonValueKind.Null, payloads[stranger].GetProperty("contact").ValueKind);
    }
}
