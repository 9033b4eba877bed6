using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>Outbound delivery through the Twilio SDK (retries, failures), status callbacks, opt-out keywords (docs/api.md: Sending, Twilio webhooks).</summary>
public abstract class TwilioDeliveryTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : TwilioDeliveryTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : TwilioDeliveryTests(factory);

    [Fact]
    public async Task Provider429ThenSuccess_DeliversOneMessage()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(), times: 2, to: customer);

        var sent = await scenario.SendAsync(customer, "Your prescription is ready.");

        Assert.Equal("queued", sent.GetProperty("status").GetString());
        Assert.Equal(3, factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == customer));
        Assert.Single(scenario.SentTo(customer));
    }

    [Fact]
    public async Task Provider500Forever_LookedUpAndSentAgainWithBackoffThenFailsVisiblyForFollowUp()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ServerError(500), FakeTwilioServer.Always, to: customer);
        try
        {
            var sent = await scenario.SendAsync(customer, "Your lab results are in.");

            Assert.Equal("accepted", sent.GetProperty("status").GetString()); // not taken yet: sent again with backoff (docs/api.md: Boundaries)
            await Eventually.TrueAsync(async () =>
            {
                var message = Assert.Single((await scenario.ConversationAsync(customer)).GetProperty("messages").EnumerateArray());
                return (message.GetProperty("delivery_status").GetString(), message.GetProperty("error_code").GetString()) == ("failed", "20500"); // Twilio's own code
            }, "the send to fail after its repeats", TimeSpan.FromSeconds(60));
        }
        finally
        {
            factory.Twilio.ClearFaults();
        }
        Assert.Empty(scenario.SentTo(customer));
        // Each 500 was looked up before the next send (it may have been stored): three sends, three lookups, no retry in between.
        Assert.Equal(3, factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == customer));
        Assert.Equal(3, factory.Twilio.RequestsTo(FakeTwilioRoute.ListMessages).Count(r => r.Query.GetValueOrDefault("To") == customer));
        Assert.Equal("follow_up", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, (await scenario.Api.PostAsJsonAsync("/v1/outbound-sms",
            new { to = customer, message = "Trying again", use_case_id = scenario.UseCaseId })).StatusCode);
    }

    [Fact]
    public async Task Unsubscribed21610_MarksTheRecipientOptedOut()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Unsubscribed, to: customer); // not another test's send

        var sent = await scenario.SendAsync(customer, "Hello");
        var again = await scenario.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "Hello?", use_case_id = scenario.UseCaseId });

        Assert.Equal("failed", sent.GetProperty("status").GetString());
        await ErrorTests.AssertProblemAsync(again, HttpStatusCode.UnprocessableEntity, "recipient_opted_out");
        Assert.Equal("dnc", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task StatusCallbacksOutOfOrder_NeverMoveBackwards()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        var sent = await scenario.SendAsync(customer, "See you at 3pm.");
        var twilioMessage = Assert.Single(scenario.SentTo(customer));
        var callback = new Uri(twilioMessage.StatusCallback!).PathAndQuery;

        foreach (var status in new[] { "delivered", "sent", "queued", "delivered" })
        {
            var form = new Dictionary<string, string>
            {
                ["MessageSid"] = twilioMessage.Sid, ["MessageStatus"] = status, ["AccountSid"] = factory.Twilio.AccountSid,
                ["From"] = scenario.Number, ["To"] = customer,
            };
            Assert.Equal(HttpStatusCode.NoContent, (await scenario.PostSignedAsync(callback, form)).StatusCode);
        }
        var forged = await scenario.PostSignedAsync(callback,
            new Dictionary<string, string> { ["MessageSid"] = twilioMessage.Sid, ["MessageStatus"] = "failed", ["From"] = scenario.Number, ["To"] = customer },
            authToken: "forged");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var message = Assert.Single((await scenario.ConversationAsync(customer)).GetProperty("messages").EnumerateArray());
        Assert.Equal((sent.GetProperty("message_id").GetString(), "delivered"),
            (message.GetProperty("message_id").GetString(), message.GetProperty("delivery_status").GetString()));
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData("stopall", true)]
    [InlineData(" Unsubscribe ", true)]
    [InlineData("cancel", true)]
    [InlineData("END", true)]
    [InlineData("quit", true)]
    [InlineData("REVOKE", true)]
    [InlineData("OptOut", true)]
    [InlineData("stop please", false)]
    [InlineData("don't stop", false)]
    public async Task OptOutKeywords_OptOutOnlyAsTheWholeMessage(string body, bool optsOut)
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        await scenario.SendAsync(customer, "Reply to book.");

        Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(customer, body)).StatusCode);
        var send = await scenario.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "Still there?", use_case_id = scenario.UseCaseId });

        if (optsOut)
        {
            await ErrorTests.AssertProblemAsync(send, HttpStatusCode.UnprocessableEntity, "recipient_opted_out");
            Assert.Equal("dnc", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(customer, "UNSTOP")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await scenario.Api.PostAsJsonAsync("/v1/outbound-sms",
                new { to = customer, message = "Welcome back", use_case_id = scenario.UseCaseId })).StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, send.StatusCode);
        }
    }
}
