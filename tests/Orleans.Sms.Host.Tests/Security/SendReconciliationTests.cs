using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Boundaries, "a send is never lost silently and never sent twice", through the real host, the official Twilio
/// SDK and the fake Twilio: a send whose answer was lost, or that Twilio answered with a 500, is looked up before it is
/// sent again; one that Twilio never took goes out once; one that cannot be confirmed fails as <c>send_unconfirmed</c> and the conversation
/// becomes <c>follow_up</c>.
/// </summary>
public abstract class SendReconciliationTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : SendReconciliationTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : SendReconciliationTests(factory);

    /// <summary>Bounded steps with backoff of 1, 2, 4 s: well inside this.</summary>
    private static readonly TimeSpan Settles = TimeSpan.FromSeconds(60);

    private FakeTwilioServer Twilio => factory.Twilio;

    [Fact]
    public async Task ConnectionDroppedAfterTwilioTookIt_FoundByLookupAndNotSentAgain()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionResetAfterTaking, to: customer);

        var sent = await scenario.SendAsync(customer, "Your refill is ready for pickup.");

        Assert.Equal("accepted", sent.GetProperty("status").GetString()); // not known yet
        var message = await SettledAsync(scenario, customer);
        var taken = Assert.Single(scenario.SentTo(customer));
        Assert.Equal(taken.Sid, message.GetProperty("provider_message_sid").GetString());
        Assert.Equal("sent", message.GetProperty("delivery_status").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("error_code").ValueKind);
        Assert.Contains(Twilio.RequestsTo(FakeTwilioRoute.ListMessages), r => r.Query.GetValueOrDefault("To") == customer);
        Assert.Equal("in_progress", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConnectionDroppedBeforeTwilioTookIt_LookedUpThenSentExactlyOnce()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionReset, to: customer);

        await scenario.SendAsync(customer, "We moved your appointment to 3 pm.");

        var message = await SettledAsync(scenario, customer);
        var taken = Assert.Single(scenario.SentTo(customer)); // the repeat, and only it
        Assert.Equal(taken.Sid, message.GetProperty("provider_message_sid").GetString());
        Assert.Equal(2, Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == customer));
        var lookup = Assert.Single(Twilio.RequestsTo(FakeTwilioRoute.ListMessages), r => r.Query.GetValueOrDefault("To") == customer);
        var repeat = Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Last(r => r.Form.GetValueOrDefault("To") == customer);
        Assert.True(lookup.ReceivedAt <= repeat.ReceivedAt, "the lookup must come before the repeat");
    }

    [Fact]
    public async Task TwilioTookItThenAnswered500_FoundByLookupAndNotSentAgain()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TakenThenServerError, to: customer);

        var sent = await scenario.SendAsync(customer, "Your prescription is ready.");

        Assert.Equal("accepted", sent.GetProperty("status").GetString()); // a 500 does not say whether Twilio kept it
        var message = await SettledAsync(scenario, customer);
        var taken = Assert.Single(scenario.SentTo(customer));
        Assert.Equal((taken.Sid, "sent"), (message.GetProperty("provider_message_sid").GetString(), message.GetProperty("delivery_status").GetString()));
        Assert.Single(Twilio.RequestsTo(FakeTwilioRoute.CreateMessage), r => r.Form.GetValueOrDefault("To") == customer); // no retry, no repeat
        Assert.Single(Twilio.RequestsTo(FakeTwilioRoute.ListMessages), r => r.Query.GetValueOrDefault("To") == customer);
    }

    [Fact]
    public async Task NeverConfirmed_FailsSendUnconfirmedAndTheConversationNeedsFollowUp()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionReset, FakeTwilioServer.Always, to: customer);
        try
        {
            await scenario.SendAsync(customer, "Reminder: fasting before your blood test.");

            var message = await SettledAsync(scenario, customer);
            Assert.Equal(("failed", "send_unconfirmed"), (message.GetProperty("delivery_status").GetString(), message.GetProperty("error_code").GetString()));
        }
        finally
        {
            Twilio.ClearFaults();
        }
        Assert.Empty(scenario.SentTo(customer));
        Assert.Equal(3, Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == customer));
        Assert.Equal(3, Twilio.RequestsTo(FakeTwilioRoute.ListMessages).Count(r => r.Query.GetValueOrDefault("To") == customer));
        Assert.Equal("follow_up", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task LookupsNeverAnswer_FailsSendUnconfirmedWithoutSendingAgain()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var customer = TestTenant.NewNumber("347");
        Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionResetAfterTaking, to: customer);
        Twilio.InjectFault(FakeTwilioRoute.ListMessages, TwilioFault.Error(20001, "Listing unavailable"), FakeTwilioServer.Always, to: customer);
        try
        {
            await scenario.SendAsync(customer, "Your order shipped.");

            var message = await SettledAsync(scenario, customer);
            Assert.Equal("send_unconfirmed", message.GetProperty("error_code").GetString());
        }
        finally
        {
            Twilio.ClearFaults();
        }
        Assert.Single(scenario.SentTo(customer)); // possibly taken: never sent a second time
        Assert.Equal(3, Twilio.RequestsTo(FakeTwilioRoute.ListMessages).Count(r => r.Query.GetValueOrDefault("To") == customer));
        Assert.Equal("follow_up", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
    }

    /// <summary>The conversation's one message once it has a provider id or has failed, as GET /v1/conversations/{id} shows it.</summary>
    private static async Task<JsonElement> SettledAsync(TwilioScenario scenario, string customer)
    {
        JsonElement message = default;
        await Eventually.TrueAsync(async () =>
        {
            message = Assert.Single((await scenario.ConversationAsync(customer)).GetProperty("messages").EnumerateArray());
            return message.GetProperty("provider_message_sid").ValueKind == JsonValueKind.String
                || message.GetProperty("delivery_status").GetString() == "failed";
        }, "the send to settle", Settles);
        return message;
    }
}
