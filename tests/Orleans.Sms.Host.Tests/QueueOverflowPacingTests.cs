using System.Net;
using System.Net.Http.Json;
using Orleans.Sms.Host.Tests.Campaigns;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// A queue overflow slows its number down (docs/api.md: Campaigns, Pacing): after Twilio reports that it dropped a message of
/// a number from its queue (error 30001 in a status callback), every send of that number goes at half its rate. Over real
/// HTTP with the real Twilio SDK against the fake Twilio. Time is asserted as a lower bound only, as in
/// <see cref="PacedSendTests"/>: without the back-off the third message would go a second after the first, not a second
/// and a half.
/// </summary>
public abstract class QueueOverflowPacingTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : QueueOverflowPacingTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : QueueOverflowPacingTests(factory);

    [Fact]
    public async Task AQueueOverflow_HalvesTheNumbersRate_ForTheSendsAfterIt()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var patched = await scenario.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(scenario.Number)}", new { mps = 2 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var (first, second, third) = (TestTenant.NewNumber("347"), TestTenant.NewNumber("347"), TestTenant.NewNumber("347"));

        var before = DateTimeOffset.UtcNow;
        await scenario.SendAsync(first, "Your table is ready.");
        var dropped = Assert.Single(scenario.SentTo(first));
        await StatusCallback.PostAsync(factory, dropped, "failed", "30001");
        await scenario.SendAsync(second, "Your order is ready.");
        await scenario.SendAsync(third, "Your car is ready.");

        var last = await SentAsync(scenario, third);
        // Slots: the first at 2 mps (0.5 s), then 1 mps: the second 0.5 s after the first, the third a second after that.
        Assert.True(last.CreatedAt - before >= TimeSpan.FromSeconds(1.5) - TimeSpan.FromMilliseconds(20),
            $"the third message went {(last.CreatedAt - before).TotalSeconds:0.000} s after the first was asked for");
        Assert.Single(scenario.SentTo(second));
        var conversation = await scenario.ConversationAsync(first);
        var message = Assert.Single(conversation.GetProperty("messages").EnumerateArray());
        Assert.Equal(("failed", "30001"), (message.GetProperty("delivery_status").GetString(), message.GetProperty("error_code").GetString()));
    }

    private static async Task<FakeTwilioMessage> SentAsync(TwilioScenario scenario, string to)
    {
        await Eventually.TrueAsync(() => scenario.SentTo(to).Count > 0, $"a message to {to}", TimeSpan.FromSeconds(30));
        return Assert.Single(scenario.SentTo(to));
    }
}
