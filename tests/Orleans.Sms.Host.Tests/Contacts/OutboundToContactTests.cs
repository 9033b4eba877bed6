using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary><c>POST /v1/outbound-sms</c> with <c>contact_id</c> (docs/api.md: Sending): the contact's number, the message a template.</summary>
public abstract class OutboundToContactTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : OutboundToContactTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : OutboundToContactTests(factory);

    private static async Task<string> ContactAsync(ApiTenant tenant, string number, object? members = null)
    {
        var body = JsonSerializer.SerializeToElement(members ?? new { });
        var values = body.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        values["phone_number"] = number;
        return (await ContactsApiTests.CreateAsync(tenant.Api, values)).GetProperty("contact_id").GetString()!;
    }

    /// <summary>What the simulator took for <paramref name="to"/>, once it took something (a send may be queued behind another of the number, docs/api.md: Campaigns).</summary>
    private static async Task<IReadOnlyList<string>> ReceivedAsync(ApiTenant tenant, string to)
    {
        IReadOnlyList<string> bodies = [];
        await Eventually.TrueAsync(async () => (bodies = await OutboxAsync(tenant, to)).Count > 0, $"a message to {to}", TimeSpan.FromSeconds(30));
        return bodies;
    }

    private static async Task<IReadOnlyList<string>> OutboxAsync(ApiTenant tenant, string to) =>
        (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/simulator/outbox?to={Uri.EscapeDataString(to)}"))
            .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();

    [Fact]
    public async Task ToAContact_FillsTheTemplateAndSendsToItsNumber()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var (ann, blank) = (TestTenant.NewNumber("773"), TestTenant.NewNumber("773"));
        var annId = await ContactAsync(tenant, ann, new { first_name = "Ann", company = "Acme", fields = new { slot = "Tue 9:00" } });
        var blankId = await ContactAsync(tenant, blank, new { first_name = "  " });
        const string template = "Hi {first_name|there}, {{Acme}} {company|your clinic} holds {fields.slot|a slot} for you.";

        var toAnn = await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { contact_id = annId, message = template });
        var toBlank = await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { contact_id = blankId, message = template });

        var sent = await Http.ReadAsync(toAnn);
        Assert.Equal(HttpStatusCode.Created, toAnn.StatusCode);
        Assert.Equal((ann, "GSM-7", 1), (sent.GetProperty("to").GetString(), sent.GetProperty("encoding").GetString(), sent.GetProperty("segments").GetInt32()));
        Assert.Equal(["Hi Ann, {Acme} Acme holds Tue 9:00 for you."], await ReceivedAsync(tenant, ann));
        await Http.ReadAsync(toBlank);
        Assert.Equal(["Hi there, {Acme} your clinic holds a slot for you."], await ReceivedAsync(tenant, blank));
        var conversation = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{sent.GetProperty("conversation_id").GetString()}");
        Assert.Equal("Hi Ann, {Acme} Acme holds Tue 9:00 for you.", conversation.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Equal(annId, conversation.GetProperty("contact").GetProperty("contact_id").GetString());
    }

    [Fact]
    public async Task ToAContact_MissingVariableOrMalformedTemplate_IsRefusedAndNothingIsSent()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var number = TestTenant.NewNumber("773");
        var id = await ContactAsync(tenant, number, new { first_name = "Ann" });

        var missing = await ErrorTests.AssertProblemAsync(
            await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { contact_id = id, message = "Hi {first_name}, about {company}" }),
            HttpStatusCode.BadRequest, "template_variable_missing");
        var malformed = await ErrorTests.AssertProblemAsync(
            await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { contact_id = id, message = "Hi {frist_name}" }),
            HttpStatusCode.BadRequest, "invalid_template");

        Assert.Contains("company", missing.GetProperty("detail").GetString());
        Assert.Equal(3, malformed.GetProperty("position").GetInt32());
        Assert.Empty(await OutboxAsync(tenant, number));
    }

    [Fact]
    public async Task ToText_BracesAreSentAsWritten()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var number = TestTenant.NewNumber("773");

        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = number, message = "Reply {YES} to {first_name}" }));

        Assert.Equal(["Reply {YES} to {first_name}"], await ReceivedAsync(tenant, number));
    }

    [Fact]
    public async Task ContactOfAnotherTenantOrEnvironmentOrNone_IsNotFound()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var stranger = await ApiTenant.CreateAsync(factory);
        var sandbox = await tenant.ClientInAsync(factory, "sandbox");
        var sandboxContact = (await ContactsApiTests.CreateAsync(sandbox, new { phone_number = TestTenant.NewNumber("773") })).GetProperty("contact_id").GetString();
        var strangersContact = await ContactAsync(stranger, TestTenant.NewNumber("773"));

        foreach (var id in new[] { sandboxContact, strangersContact, "ct_nobody" })
        {
            await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { contact_id = id, message = "Hi" }), HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task BothOrNeitherOfToAndContactId_IsInvalidRequest()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var number = TestTenant.NewNumber("773");
        var id = await ContactAsync(tenant, number);

        await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = number, contact_id = id, message = "Hi" }), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { message = "Hi" }), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Empty(await OutboxAsync(tenant, number));
    }
}
