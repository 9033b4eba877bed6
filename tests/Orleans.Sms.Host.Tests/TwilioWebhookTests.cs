using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>docs/api.md: Twilio webhooks over HTTP: Twilio-signed webhooks into the host, replies out through the real Twilio SDK to a fake Twilio.</summary>
public abstract class TwilioWebhookTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : TwilioWebhookTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : TwilioWebhookTests(factory);

    private static readonly string Customer = "+12125550147";

    [Fact]
    public async Task ValidSignature_Is200EmptyTwimlAndTheAgentAnswersThroughTwilio()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");

        var response = await scenario.TextAsync(customer, "Is my appointment still on?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response></Response>", await response.Content.ReadAsStringAsync());
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        var sent = scenario.SentTo(customer)[0];
        Assert.Equal((scenario.Number, "Is my appointment still on?"), (sent.From, sent.Body));
        Assert.StartsWith(TwilioHostFactory.PublicBaseUrl + "/webhooks/twilio/status?mid=msg_", sent.StatusCallback);
        var service = Assert.Single(factory.Twilio.Services, s => s.PhoneNumbers.Contains(scenario.Number));
        Assert.Equal(TwilioHostFactory.PublicBaseUrl + "/webhooks/twilio/sms", service.InboundRequestUrl);
    }

    public static TheoryData<string> Forgeries() => ["missing", "wrong token", "wrong url", "tampered field", "extra field", "local url"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task ForgedWebhook_Is403AndStoresNothing(string forgery)
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");
        var form = scenario.InboundForm(customer, "let me in");
        var path = "/webhooks/twilio/sms";

        var response = forgery switch
        {
            "missing" => await factory.CreateClient().PostAsync(path, new FormUrlEncodedContent(form)),
            "wrong token" => await scenario.PostSignedAsync(path, form, authToken: "not-the-token"),
            "wrong url" => await scenario.PostSignedAsync(path, form, signedUrl: TwilioHostFactory.PublicBaseUrl + "/webhooks/twilio/other"),
            "tampered field" => await scenario.PostSignedAsync(path, form, sentForm: new Dictionary<string, string>(form) { ["Body"] = "tampered" }),
            "extra field" => await scenario.PostSignedAsync(path, form, sentForm: new Dictionary<string, string>(form) { ["Extra"] = "1" }),
            _ => await scenario.PostSignedAsync(path, form, signedUrl: "http://localhost" + path), // signed for the listening URL, not the public one
        };

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ErrorTests.AssertProblemAsync(await scenario.Api.GetAsync($"/v1/conversations/{Conversations.ConversationId.For(scenario.Number, customer)}"),
            HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TenConcurrentRetries_OneRecordOneReply()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");
        var sid = TwilioScenario.NewMessageSid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => scenario.TextAsync(customer, "once please", sid)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await scenario.TextAsync(customer, "barrier");
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count >= 2));
        Assert.Equal(["once please", "barrier"], scenario.SentTo(customer).Select(m => m.Body));
        var conversation = await scenario.ConversationAsync(customer);
        Assert.Equal(2, conversation.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("direction").GetString() == "inbound"));
    }

    [Fact]
    public async Task ThousandForgedOrMalformedWebhooks_StoreNothingAndTheHostStaysHealthy()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var random = new Random(20261125);
        var client = factory.CreateClient();
        var before = factory.Twilio.Messages.Count;

        for (var i = 0; i < 1000; i++)
        {
            var form = scenario.InboundForm($"+1917{random.Next(2_000_000, 9_999_999)}", RandomText(random));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/sms");
            request.Content = (i % 4) switch
            {
                0 => new FormUrlEncodedContent(form),
                1 => new StringContent(RandomText(random), System.Text.Encoding.UTF8, "application/json"),
                2 => new ByteArrayContent(Enumerable.Range(0, random.Next(0, 512)).Select(_ => (byte)random.Next(256)).ToArray()),
                _ => new FormUrlEncodedContent(form.Where(_ => random.Next(2) == 0)),
            };
            if (i % 3 != 0)
            {
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
            }
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before, factory.Twilio.Messages.Count);
        var unrouted = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/v1/admin/unrouted?to={Uri.EscapeDataString(scenario.Number)}");
        Assert.Equal(0, unrouted.GetProperty("messages").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(TestTenant.NewNumber("917"), "still working")).StatusCode);
    }

    [Fact]
    public async Task UnknownNumber_Is200AndKeptAsUnrouted()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var form = scenario.InboundForm(Customer, "anyone there?");
        form["To"] = "+16465550000";

        var response = await scenario.PostSignedAsync("/webhooks/twilio/sms", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unrouted = await factory.CreateAdminClient().GetFromJsonAsync<JsonElement>("/v1/admin/unrouted?to=%2B16465550000");
        Assert.Contains(unrouted.GetProperty("messages").EnumerateArray(), m => m.GetProperty("provider_message_id").GetString() == form["MessageSid"]);
        await ErrorTests.AssertProblemAsync(await factory.CreateClient().GetAsync("/v1/admin/unrouted?to=%2B16465550000"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Mms_KeepsMediaUrlsAndContentTypes()
    {
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = "http://127.0.0.1:9/unused", secret = "s" });
        var customer = TestTenant.NewNumber("917");
        var form = scenario.InboundForm(customer, "here is my insurance card");
        form["NumMedia"] = "2";
        form["MediaUrl0"] = "https://api.twilio.com/media/ME1";
        form["MediaContentType0"] = "image/jpeg";
        form["MediaUrl1"] = "https://api.twilio.com/media/ME2";
        form["MediaContentType1"] = "image/png";

        Assert.Equal(HttpStatusCode.OK, (await scenario.PostSignedAsync("/webhooks/twilio/sms", form)).StatusCode);

        var message = (await scenario.ConversationAsync(customer)).GetProperty("messages")[0];
        Assert.Equal(["https://api.twilio.com/media/ME1", "https://api.twilio.com/media/ME2"], message.GetProperty("media").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["image/jpeg", "image/png"], message.GetProperty("media_content_types").EnumerateArray().Select(m => m.GetString()));
    }

    private static string RandomText(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(32, 0x2FF)).ToArray());
}
