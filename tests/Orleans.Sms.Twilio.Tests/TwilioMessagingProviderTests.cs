namespace Orleans.Sms.Twilio.Tests;

public sealed class TwilioMessagingProviderTests
{
    private const string Number = "+15550100001";

    [Fact]
    public async Task CreateServiceAsync_PointsServiceAtPublicWebhooks()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);

        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);

        var service = twilio.Service(sid);
        Assert.NotNull(service);
        Assert.Matches("^MG[0-9a-f]{32}$", sid);
        Assert.Equal("Support line", service.FriendlyName);
        Assert.Equal("https://sms.example.com/webhooks/twilio/sms", service.InboundRequestUrl);
        Assert.Equal("POST", service.InboundMethod);
        Assert.Equal("https://sms.example.com/webhooks/twilio/status", service.StatusCallback);
        Assert.False(service.UseInboundWebhookOnNumber);
        var post = Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateService));
        Assert.Equal("false", post.Form["UseInboundWebhookOnNumber"], ignoreCase: true);
    }

    [Fact]
    public async Task CreateServiceAsync_AttemptTimesOut_NotRetriedAndTransient()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        twilio.InjectFault(FakeTwilioRoute.CreateService, TwilioFault.Delayed(TimeSpan.FromMinutes(1)));

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateService));
    }

    [Fact]
    public async Task AddNumberAsync_LooksUpNumberSidAndPostsIt()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);

        await Provider(services).AddNumberAsync(sid, Number, CancellationToken.None);

        var lookup = Assert.Single(twilio.RequestsTo(FakeTwilioRoute.ListIncomingNumbers));
        Assert.Equal(Number, lookup.Query["PhoneNumber"]);
        var add = Assert.Single(twilio.RequestsTo(FakeTwilioRoute.AddServiceNumber));
        Assert.Equal($"/v1/Services/{sid}/PhoneNumbers", add.Path);
        Assert.Equal(twilio.IncomingNumberSid(Number), add.Form["PhoneNumberSid"]);
        Assert.Equal([Number], twilio.Service(sid)!.PhoneNumbers);
    }

    [Fact]
    public async Task AddNumberAsync_AlreadyInService_Succeeds()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);
        await Provider(services).AddNumberAsync(sid, Number, CancellationToken.None);

        await Provider(services).AddNumberAsync(sid, Number, CancellationToken.None);

        Assert.Equal(2, twilio.RequestsTo(FakeTwilioRoute.AddServiceNumber).Count);
        Assert.Equal([Number], twilio.Service(sid)!.PhoneNumbers);
    }

    [Fact]
    public async Task AddNumberAsync_NumberInAnotherService_PermanentWithCode21712()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var first = await Provider(services).CreateServiceAsync("uc-1", "First", CancellationToken.None);
        var second = await Provider(services).CreateServiceAsync("uc-2", "Second", CancellationToken.None);
        await Provider(services).AddNumberAsync(first, Number, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => Provider(services).AddNumberAsync(second, Number, CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("21712", failure.ErrorCode);
    }

    [Fact]
    public async Task AddNumberAsync_NumberNotInAccount_PermanentWithoutPosting()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        twilio.AutoProvisionNumbers = false;
        twilio.RegisterIncomingNumber("+15550100009");
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => Provider(services).AddNumberAsync(sid, Number, CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Equal("20404", failure.ErrorCode);
        Assert.Empty(twilio.RequestsTo(FakeTwilioRoute.AddServiceNumber));
    }

    [Fact]
    public async Task AddNumberAsync_LookupRateLimited_RetriedThenAdded()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);
        twilio.InjectFault(FakeTwilioRoute.ListIncomingNumbers, TwilioFault.TooManyRequests());

        await Provider(services).AddNumberAsync(sid, Number, CancellationToken.None);

        Assert.Equal(2, twilio.RequestsTo(FakeTwilioRoute.ListIncomingNumbers).Count);
        Assert.Equal([Number], twilio.Service(sid)!.PhoneNumbers);
    }

    [Fact]
    public async Task RemoveNumberAsync_Twice_RemovesThenSucceedsOnNotFound()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);
        await Provider(services).AddNumberAsync(sid, Number, CancellationToken.None);

        await Provider(services).RemoveNumberAsync(sid, Number, CancellationToken.None);
        await Provider(services).RemoveNumberAsync(sid, Number, CancellationToken.None);

        var deletes = twilio.RequestsTo(FakeTwilioRoute.RemoveServiceNumber);
        Assert.Equal(2, deletes.Count);
        Assert.All(deletes, d => Assert.Equal($"/v1/Services/{sid}/PhoneNumbers/{twilio.IncomingNumberSid(Number)}", d.Path));
        Assert.Empty(twilio.Service(sid)!.PhoneNumbers);
    }

    [Fact]
    public async Task RemoveNumberAsync_NumberNotInAccount_SucceedsWithoutDeleting()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        twilio.AutoProvisionNumbers = false;
        await using var services = TwilioTestServices.Create(twilio);

        await Provider(services).RemoveNumberAsync("MG" + new string('0', 32), Number, CancellationToken.None);

        Assert.Empty(twilio.RequestsTo(FakeTwilioRoute.RemoveServiceNumber));
    }

    [Fact]
    public async Task DeleteServiceAsync_Twice_DeletesThenSucceedsOnNotFound()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio);
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);

        await Provider(services).DeleteServiceAsync(sid, CancellationToken.None);
        await Provider(services).DeleteServiceAsync(sid, CancellationToken.None);

        Assert.Equal(2, twilio.RequestsTo(FakeTwilioRoute.DeleteService).Count);
        Assert.Empty(twilio.Services);
    }

    [Fact]
    public async Task DeleteServiceAsync_AttemptTimesOut_RetriedBecauseIdempotent()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        // Long enough for the calls that must succeed here even on a loaded machine.
        await using var services = TwilioTestServices.Create(twilio, o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        var sid = await Provider(services).CreateServiceAsync("uc-1", "Support line", CancellationToken.None);
        twilio.InjectFault(FakeTwilioRoute.DeleteService, TwilioFault.Delayed(TimeSpan.FromMinutes(1)));

        await Provider(services).DeleteServiceAsync(sid, CancellationToken.None);

        Assert.Equal(2, twilio.RequestsTo(FakeTwilioRoute.DeleteService).Count);
        Assert.Empty(twilio.Services);
    }

    [Fact]
    public async Task DeleteServiceAsync_ServiceUnavailableForever_TransientAfterBoundedRetries()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var services = TwilioTestServices.Create(twilio, o => o.MaxRetries = 2);
        twilio.InjectFault(FakeTwilioRoute.DeleteService, TwilioFault.ServerError(503), FakeTwilioServer.Always);

        var failure = await Assert.ThrowsAsync<ProviderException>(
            () => Provider(services).DeleteServiceAsync("MG" + new string('1', 32), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Equal("20503", failure.ErrorCode);
        Assert.Equal(1 + 2, twilio.RequestsTo(FakeTwilioRoute.DeleteService).Count);
    }

    private static IMessagingProvider Provider(IServiceProvider services) => services.GetRequiredService<IMessagingProvider>();
}
