using Orleans.Sms.Conversations;

namespace Orleans.Sms.Twilio.Tests;

/// <summary>
/// docs/api.md: Boundaries at the Twilio edge: a send whose answer was lost is reported as unknown, and
/// <see cref="ISmsSender.FindAsync"/> lists the account's messages to the number (through the official SDK) to learn
/// whether Twilio took it.
/// </summary>
public sealed class TwilioSendLookupTests
{
    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterTaking_OutcomeUnknownAndTheMessageIsStored()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionResetAfterTaking);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.OutcomeUnknown);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage));
        Assert.Single(twilio.Messages); // taken, though the client never heard
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedBeforeTaking_OutcomeUnknownAndNothingStored()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionReset);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.OutcomeUnknown);
        Assert.Empty(twilio.Messages);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(504)]
    public async Task SendAsync_TimeoutOnTheWayOrServerError_OutcomeUnknownSoTheEngineLooksItUp(int status)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Error(20000 + status, "Timeout", status));

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.OutcomeUnknown);
        Assert.True(failure.Transient);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage)); // a create is not retried on these
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    public async Task SendAsync_GatewayError_AnsweredSoOutcomeKnownAndTransient(int status)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ServerError(status), times: FakeTwilioServer.Always);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.False(failure.OutcomeUnknown);
        Assert.True(failure.Transient);
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task SendAsync_Refused_AnsweredSoOutcomeKnown()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.InvalidTo);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.False(failure.OutcomeUnknown);
        Assert.False(failure.Transient);
    }

    [Fact]
    public async Task FindAsync_AfterLostAnswer_FindsTheTakenMessageBySenderAndBody()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sender = services.GetRequiredService<ISmsSender>();
        var since = DateTimeOffset.UtcNow;
        await sender.SendAsync(TwilioTestServices.Sms("msg-other", body: "Another text"), CancellationToken.None);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionResetAfterTaking);
        await Assert.ThrowsAsync<ProviderException>(() => sender.SendAsync(TwilioTestServices.Sms("msg-lost"), CancellationToken.None));

        var found = await sender.FindAsync(TwilioTestServices.Sms("msg-lost"), since, CancellationToken.None);

        var receipt = Assert.Single(found);
        var taken = twilio.Messages.Single(m => m.Body == TwilioTestServices.Sms().Body);
        Assert.Equal(taken.Sid, receipt.ProviderMessageSid);
        Assert.Equal(DeliveryStatus.Sent, receipt.Status);
        var list = Assert.Single(twilio.RequestsTo(FakeTwilioRoute.ListMessages));
        Assert.Equal("GET", list.Method);
        Assert.Equal($"/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json", list.Path);
        Assert.Equal("+15550100002", list.Query["To"]);
        Assert.Equal("+15550100001", list.Query["From"]);
        Assert.Contains(list.Query.Keys, k => k.StartsWith("DateSent>", StringComparison.Ordinal)); // the SDK's DateSentAfter
    }

    [Fact]
    public async Task FindAsync_NothingTaken_Empty()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);

        var found = await services.GetRequiredService<ISmsSender>().FindAsync(TwilioTestServices.Sms(), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty(found);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.ListMessages));
    }

    [Fact]
    public async Task FindAsync_ListingFails_ProviderException()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.MaxRetries = 0);
        twilio.InjectFault(FakeTwilioRoute.ListMessages, TwilioFault.ServerError(503), FakeTwilioServer.Always);

        await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().FindAsync(TwilioTestServices.Sms(), DateTimeOffset.UtcNow, CancellationToken.None));
    }
}
