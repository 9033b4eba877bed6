using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Boundaries "every string has a cap" and "enums are their names", over HTTP on both storage modes: each test first
/// sends what the probe of the running host sent, and asserts the refusal and that nothing was kept.
/// </summary>
public abstract class InputLimitTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : InputLimitTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : InputLimitTests(factory);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SimulatorMessageSid_Over64Characters_Is400AndNothingIsKept()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var stranger = TestTenant.NewNumber("628"); // in no pool: the message would be kept as unrouted

        var refused = await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = "+15551230101", to = stranger, body = "hi", message_sid = new string('S', 65) });
        var sid64 = "SM" + new string('7', 62);
        var accepted = await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = "+15551230101", to = stranger, body = "hi", message_sid = sid64 });
        var again = await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = "+15551230101", to = stranger, body = "hi", message_sid = sid64 });

        await ErrorTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (accepted.StatusCode, again.StatusCode));
        var unrouted = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/v1/admin/unrouted?to={Uri.EscapeDataString(stranger)}");
        Assert.Equal([sid64], unrouted.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("provider_message_id").GetString()));
    }

    [Fact]
    public async Task SimulatorBody_Over1600Characters_Is400InvalidMessage()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var customer = "+15551230102";

        var response = await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = tenant.Number, body = new string('x', 1601) });

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_message");
        await ErrorTests.AssertProblemAsync(
            await tenant.Api.GetAsync($"/v1/conversations/{Conversations.ConversationId.For(tenant.Number, customer)}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task JsonBody_Over64Kilobytes_Is413PayloadTooLarge()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var json = JsonSerializer.Serialize(new { from = "+15551230103", to = tenant.Number, body = "hi", padding = new string('p', 70_000) });

        var response = await tenant.Api.PostAsync("/v1/simulator/inbound", Json(json));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Names_Over200Characters_Are400InvalidRequest()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var name = new string('n', 201);

        await ErrorTests.AssertProblemAsync(
            await factory.CreateAdminClient().PostAsJsonAsync("/v1/admin/tenants", new { name }), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(
            await tenant.Api.PostAsJsonAsync("/v1/use-cases", new { name, channel = "sms" }), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(HttpStatusCode.Created, (await tenant.Api.PostAsJsonAsync("/v1/use-cases", new { name = name[..200], channel = "sms" })).StatusCode);
    }

    public static TheoryData<string> NotAStatusName() => ["99", "\"6\"", "\"in_progress, dnc\"", "\"DNC\"", "\"InProgress\"", "[\"dnc\"]", "{}", "true"];

    [Theory]
    [MemberData(nameof(NotAStatusName))]
    public async Task ConversationStatus_NotOneOfItsNames_Is400AndChangesNothing(string status)
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var ack = await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = "+15551230104", to = tenant.Number, body = "hi" }));
        var id = ack.GetProperty("conversation_id").GetString();

        var response = await tenant.Api.PatchAsync($"/v1/conversations/{id}", Json($$"""{"status":{{status}}}"""));

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (response.StatusCode, problem.GetProperty("code").GetString()));
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("$.status", detail);
        Assert.Contains("in_progress, completed, incomplete, follow_up, qualified, disqualified, dnc", detail);
        Assert.Equal("in_progress", (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("status").GetString());
        var named = await tenant.Api.PatchAsync($"/v1/conversations/{id}", Json("""{"status":"follow_up"}"""));
        Assert.Equal("follow_up", (await Http.ReadAsync(named)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("6")]
    [InlineData("in_progress,dnc")]
    [InlineData("in_progress, dnc")]
    [InlineData("InProgress")]
    [InlineData("inprogress")]
    [InlineData(" dnc")]
    public async Task ConversationListStatus_NotOneOfItsNames_Is400(string status)
    {
        var tenant = await ApiTenant.CreateAsync(factory);

        var response = await tenant.Api.GetAsync($"/v1/conversations?status={Uri.EscapeDataString(status)}");

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/v1/conversations?status=in_progress")).StatusCode);
    }

    [Theory]
    [InlineData("-7")]
    [InlineData("\"-7\"")]
    [InlineData("\"Local\"")]
    [InlineData("\"local,mobile\"")]
    public async Task NumberType_NotOneOfItsNames_Is400AndTheNumberCannotJoinAPool(string type)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("628");

        var response = await tenant.Api.PostAsync("/v1/phone-numbers",
            Json($$"""{"phone_number":"{{number}}","type":{{type}},"capabilities":["sms"]}"""));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}"), HttpStatusCode.NotFound, "not_found");
        var assign = await tenant.Api.PostAsJsonAsync($"/v1/use-cases/{tenant.UseCaseId}/numbers", new { phone_number = number });
        Assert.NotEqual(HttpStatusCode.Created, assign.StatusCode);
    }

    [Theory]
    [InlineData("a2p_campaign_status", "123")]
    [InlineData("a2p_campaign_status", "\"1\"")]
    [InlineData("toll_free_verification", "\"approved|pending\"")]
    [InlineData("toll_free_verification", "[\"approved\"]")]
    public async Task ComplianceState_NotOneOfItsNames_Is400AndNothingIsStored(string member, string value)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("628");
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "local", capabilities = new[] { "sms" } }));

        var response = await tenant.Api.PutAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}/compliance",
            Json($$"""{"a2p_campaign_id":"CMP1","{{member}}":{{value}}}"""));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        var stored = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{Uri.EscapeDataString(number)}");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("compliance").GetProperty(member).ValueKind);
        await ErrorTests.AssertProblemAsync(
            await tenant.Api.PostAsJsonAsync($"/v1/use-cases/{tenant.UseCaseId}/numbers", new { phone_number = number }),
            HttpStatusCode.UnprocessableEntity, "a2p_campaign_required");
    }

    [Theory]
    [InlineData("/v1/phone-numbers", """{"phone_number":"NUMBER","type":"local","capabilities":["SMS"]}""")]
    [InlineData("/v1/use-cases", """{"name":"Loud","channel":"sms","agent":{"type":"ECHO"}}""")]
    [InlineData("/v1/use-cases", """{"name":"Long","channel":"sms","agent":{"type":"webhook","url":"https://agent.example/LONG","secret":"s"}}""")]
    [InlineData("/v1/use-cases", """{"name":"Long","channel":"sms","agent":{"type":"webhook","url":"https://agent.example/","secret":"LONG"}}""")]
    public async Task NamesInOtherCasingsAndOverlongUrlsOrSecrets_Are400AndNothingIsMade(string route, string body)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("628");
        var before = (await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/use-cases")).GetProperty("use_cases").GetArrayLength();

        var response = await tenant.Api.PostAsync(route, Json(body.Replace("NUMBER", number).Replace("LONG", new string('x', 2049))));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(before, (await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/use-cases")).GetProperty("use_cases").GetArrayLength());
    }

    [Fact]
    public async Task A2pCampaignId_OverItsCap_Is400AndNothingIsStored()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("628");
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "local", capabilities = new[] { "sms" } }));

        var response = await tenant.Api.PutAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}/compliance",
            new { a2p_campaign_id = new string('C', 201), a2p_campaign_status = "approved" });

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        var stored = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{Uri.EscapeDataString(number)}");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("compliance").GetProperty("a2p_campaign_status").ValueKind);
    }
}
