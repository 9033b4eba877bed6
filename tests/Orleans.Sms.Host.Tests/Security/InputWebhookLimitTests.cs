using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Orleans.Sms.Testing.Agents.ScriptedChatClient;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Boundaries on the Twilio webhooks, both storage modes: a signed inbound body over 1,600 characters is refused and
/// stored nowhere, a form over the body limit is 413, and an agent's reply becomes at most 10 messages. Valid inbound
/// still answers 200 empty TwiML.
/// </summary>
public abstract class InputWebhookLimitTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : InputWebhookLimitTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : InputWebhookLimitTests(factory);

    [Fact]
    public async Task SignedInbound_BodyOver1600Characters_Is400AndNothingIsStoredOrSent()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");

        var refused = await scenario.TextAsync(customer, new string('x', 1601));
        var accepted = await scenario.TextAsync(customer, new string('y', 1600));

        await ErrorTests.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "invalid_message");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("text/xml", accepted.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response></Response>", await accepted.Content.ReadAsStringAsync());
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        var inbound = (await scenario.ConversationAsync(customer)).GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("direction").GetString() == "inbound").Select(m => m.GetProperty("body").GetString()!.Length);
        Assert.Equal([1600], inbound);
    }

    [Fact]
    public async Task SignedInbound_MessageSidOver64Characters_Is400()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");

        var response = await scenario.TextAsync(customer, "hi", messageSid: "SM" + new string('0', 63));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await scenario.Api.GetAsync($"/v1/conversations/{Conversations.ConversationId.For(scenario.Number, customer)}"),
            HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task SignedForm_OverTheBodyLimit_Is413NotAForgery()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var form = scenario.InboundForm(TestTenant.NewNumber("917"), "hi");
        form["Padding"] = new string('p', 70_000);

        var response = await scenario.PostSignedAsync("/webhooks/twilio/sms", form);

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task UnsignedWebhook_Is403InvalidSignatureAsProblemJson()
    {
        var response = await factory.CreateClient().PostAsync("/webhooks/twilio/sms", new FormUrlEncodedContent(new Dictionary<string, string> { ["Body"] = "x" }));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid_signature");
    }

    [Fact]
    public async Task AgentReply_LongerThanTenMessages_SendsTenAndNotesReplyTruncated()
    {
        // What a 1 MB echo did before: 717 messages. Any agent's reply is cut to 10.
        var reply = string.Concat(Enumerable.Repeat("This sentence goes on and on. ", 2_000)); // 60,000 characters
        factory.Chat.Inner = new Orleans.Sms.Testing.Agents.ScriptedChatClient(_ => Text(reply));
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "chat" });
        var customer = TestTenant.NewNumber("917");
        // 10 parts of up to 11 segments: at the default 1 segment/s (docs/api.md: Campaigns) they would take the number nearly two minutes.
        var fast = await scenario.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(scenario.Number)}", new { mps = 1000 });
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(customer, "Tell me everything")).StatusCode);

        await DemoFlowTests.Eventually(async () =>
            (await scenario.ConversationAsync(customer)).GetProperty("last_agent_failure").ValueKind == JsonValueKind.Object);
        var conversation = await scenario.ConversationAsync(customer);
        Assert.StartsWith("reply_truncated", conversation.GetProperty("last_agent_failure").GetProperty("reason").GetString());
        Assert.Equal(10, conversation.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("role").GetString() == "agent"));
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 10));
        Assert.Equal("in_progress", conversation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_WebhookRoutesListTheirProblemCodes_AndServersIsThePublicBaseUrl()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example:666";

        var response = await factory.CreateClient().SendAsync(request);

        var document = await Http.ReadAsync(response);
        Assert.Equal([TwilioHostFactory.PublicBaseUrl], document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()));
        Assert.DoesNotContain("evil.example", document.GetRawText());
        var sms = document.GetProperty("paths").GetProperty("/webhooks/twilio/sms").GetProperty("post").GetProperty("responses");
        Assert.Equal(["invalid_message", "invalid_request"], Codes(sms, "400"));
        Assert.Equal(["invalid_signature"], Codes(sms, "403"));
        Assert.Equal(["payload_too_large"], Codes(sms, "413"));
        Assert.True(sms.GetProperty("200").GetProperty("content").TryGetProperty("text/xml", out _));
        var status = document.GetProperty("paths").GetProperty("/webhooks/twilio/status").GetProperty("post").GetProperty("responses");
        Assert.Equal(["invalid_signature"], Codes(status, "403"));
        Assert.Equal(["payload_too_large"], Codes(status, "413"));
    }

    internal static string[] Codes(JsonElement responses, string status) =>
        responses.GetProperty(status).GetProperty("x-problem-codes").EnumerateArray().Select(c => c.GetString()!).ToArray();
}
