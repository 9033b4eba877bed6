using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Twilio.Tests;

public sealed class TwilioSmsSenderTests
{
    /// <summary>Short, yet long enough for a request to reach the fake on a loaded machine before it expires.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task SendAsync_PostsExactFormWithMessageIdInStatusCallback()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);

        var receipt = await services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms("msg 1/a"), CancellationToken.None);

        Assert.Matches(new Regex("^SM[0-9a-f]{32}$"), receipt.ProviderMessageSid);
        Assert.Equal(DeliveryStatus.Queued, receipt.Status);
        var post = Assert.Single(twilio.Requests);
        Assert.Equal(FakeTwilioRoute.CreateMessage, post.Route);
        Assert.Equal($"/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json", post.Path);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["To"] = "+15550100002",
                ["From"] = "+15550100001",
                ["Body"] = "Hello from the agent",
                ["StatusCallback"] = "https://sms.example.com/webhooks/twilio/status?mid=msg%201%2Fa",
            },
            post.Form);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"));
        Assert.Equal("Basic " + credentials, post.Headers["Authorization"]);
        var message = Assert.Single(twilio.Messages);
        Assert.Equal(receipt.ProviderMessageSid, message.Sid);
    }

    [Fact]
    public async Task SendAsync_WrongAuthToken_PermanentFailureWithTwilioCode()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.AuthToken = "not-the-token");

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("20003", failure.ErrorCode);
        Assert.Single(twilio.Requests);
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task SendAsync_RateLimitedTwice_SendsOnceOnThirdAttemptWithinCappedRetryAfter()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(retryAfter: TimeSpan.FromSeconds(30)), times: 2);
        var clock = Stopwatch.StartNew();

        var receipt = await services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None);

        // Retry-After: 30 is capped by MaxRetryDelay (10 ms here).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(3, twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count);
        Assert.Equal(receipt.ProviderMessageSid, Assert.Single(twilio.Messages).Sid);
    }

    [Fact]
    public async Task SendAsync_ServiceUnavailableForever_TransientAfterBoundedRetries()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.MaxRetries = 3);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ServerError(503), FakeTwilioServer.Always);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.False(failure.OutcomeUnknown);
        Assert.Equal("20503", failure.ErrorCode);
        Assert.Equal(1 + 3, twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count);
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_NotRetriedAndTransientWithoutCode()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.RequestTimeout = AttemptTimeout);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Delayed(TimeSpan.FromMinutes(1)), FakeTwilioServer.Always);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Null(failure.ErrorCode);
        Assert.Contains("outcome is unknown", failure.Message, StringComparison.Ordinal);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage));
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterRequest_NotRetriedAndTransient()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ConnectionReset);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Null(failure.ErrorCode);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage));
    }

    [Fact]
    public async Task SendAsync_RecipientUnsubscribed_PermanentWithCode21610AndNoRetry()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Unsubscribed);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal(ProviderException.RecipientOptedOut, failure.ErrorCode);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage));
    }

    [Fact]
    public async Task SendAsync_InvalidTo_PermanentWithCode21211()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(to: "555-0100"), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("21211", failure.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceledNotProviderFailure()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.Delayed(TimeSpan.FromMinutes(1)), FakeTwilioServer.Always);
        using var cancellation = new CancellationTokenSource();

        var send = services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), cancellation.Token);
        await twilio.WaitForRequestAsync(FakeTwilioRoute.CreateMessage);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage));
    }

    [Theory]
    [InlineData("queued", DeliveryStatus.Queued)]
    [InlineData("accepted", DeliveryStatus.Accepted)]
    [InlineData("sending", DeliveryStatus.Sending)]
    [InlineData("sent", DeliveryStatus.Sent)]
    [InlineData("delivered", DeliveryStatus.Delivered)]
    [InlineData("undelivered", DeliveryStatus.Undelivered)]
    [InlineData("failed", DeliveryStatus.Failed)]
    [InlineData("read", DeliveryStatus.Read)]
    [InlineData("scheduled", DeliveryStatus.Queued)]
    [InlineData(null, DeliveryStatus.Queued)]
    public void ToDeliveryStatus_MapsTwilioStatuses(string? twilioStatus, DeliveryStatus expected) =>
        Assert.Equal(expected, TwilioMessageStatus.ToDeliveryStatus(twilioStatus));
}
