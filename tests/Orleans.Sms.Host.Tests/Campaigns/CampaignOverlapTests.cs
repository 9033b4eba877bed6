using Microsoft.AspNetCore.Hosting;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// A campaign's steps overlap (docs/architecture.md: Campaigns): while one step's sends wait for the provider, the next
/// step is decided, journaled and sent, and no third one starts before the first is recorded. Steps of two recipients
/// (<c>Sms:Campaigns:BatchSize</c>), the real Twilio SDK against the fake Twilio, whose answer to the first recipient's
/// message is held until the test releases it. Every recipient is still sent once.
/// </summary>
[Collection(SmallStepTwilioHostCollection.Name)]
public sealed class CampaignOverlapTests(SmallStepTwilioHostFactory factory)
{
    [Fact]
    public async Task WhileAStepsSendIsHeld_TheNextStepSends_AndNoThird_ThenEachRecipientIsSentOnce()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(1000);
        var numbers = Enumerable.Range(0, 6).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your flu shot is waiting.");
        await client.AddNumbersAsync(id, numbers);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.HeldUntil(release.Task), to: numbers[0]);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));

        // The first step (numbers 0 and 1) waits on number 0's answer; the second step's messages still go out. (Well
        // within the 20 s a conversation gives a provider call: after that, number 0's send would be given up.)
        await Eventually.TrueAsync(() => Task.FromResult(Asked(numbers[2]) == 1 && Asked(numbers[3]) == 1),
            "the second step's messages while the first step's answer is held", TimeSpan.FromSeconds(10));
        Assert.Equal([1, 1, 0, 0], new[] { numbers[0], numbers[1], numbers[4], numbers[5] }.Select(Asked));

        release.SetResult();

        var counts = (await client.CompletedAsync(id)).GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        Assert.Equal((6, 6), (counts.GetProperty("total").GetInt32(), counts.GetProperty("sent").GetInt32()));
        Assert.All(numbers, n => Assert.Equal(1, Asked(n)));
        Assert.All(numbers, n => Assert.Single(factory.Twilio.Messages, m => m.To == n));
    }

    /// <summary>How many times the engine asked the fake Twilio to send to <paramref name="to"/>.</summary>
    private int Asked(string to) =>
        factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == to);
}

/// <summary>The Twilio host with campaign steps of two recipients, and a Twilio request timeout the held answer stays within.</summary>
public sealed class SmallStepTwilioHostFactory : TwilioHostFactory
{
    protected override void AddSettings(IWebHostBuilder builder)
    {
        base.AddSettings(builder);
        builder.UseSetting("Sms:Campaigns:BatchSize", "2");
        builder.UseSetting("Sms:Twilio:RequestTimeout", "00:01:00");
        builder.UseSetting("Sms:Twilio:TotalTimeout", "00:02:00");
    }
}

[CollectionDefinition(Name)]
public sealed class SmallStepTwilioHostCollection : ICollectionFixture<SmallStepTwilioHostFactory>
{
    public const string Name = "small-step-twilio-host";
}
