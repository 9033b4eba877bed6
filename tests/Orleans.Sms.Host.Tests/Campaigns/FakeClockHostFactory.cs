using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// The operator-managed host whose engine clock (<see cref="SmsClock"/>) is a <see cref="FakeTimeProvider"/> the tests move.
/// Orleans keeps real time; a waiting campaign looks at the engine clock again every 100 ms of it
/// (<c>Sms:Campaigns:RecheckEvery</c>), so a move of the fake clock is seen at once. The clock only moves forward: each
/// test moves it to instants it computes from where it is.
/// </summary>
public class FakeClockHostFactory : AdminHostFactory
{
    public FakeTimeProvider Clock { get; } = NewClock();

    protected override void AddSettings(IWebHostBuilder builder) => UseClock(builder, Clock);

    /// <summary>Makes <paramref name="clock"/> the engine clock, and has a waiting campaign look at it every 100 ms.</summary>
    public static void UseClock(IWebHostBuilder builder, FakeTimeProvider clock)
    {
        builder.UseSetting("Sms:Campaigns:RecheckEvery", "00:00:00.100");
        builder.ConfigureServices(services => services.AddKeyedSingleton<TimeProvider>(SmsClock.Key, clock));
    }

    /// <summary>A Monday in January 2027, before the US spring-forward night (14 March 2027) the DST test needs.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));
}

/// <summary>The Twilio host (the fake Twilio, the real SDK) whose engine clock is a <see cref="FakeTimeProvider"/>.</summary>
public class FakeClockTwilioHostFactory : TwilioHostFactory
{
    public FakeTimeProvider Clock { get; } = FakeClockHostFactory.NewClock();

    protected override void AddSettings(IWebHostBuilder builder)
    {
        base.AddSettings(builder);
        FakeClockHostFactory.UseClock(builder, Clock);
    }
}

/// <summary>The fake-clock Twilio host on <c>Sms:Storage=AzureStorage</c> (Azurite).</summary>
public sealed class AzureStorageFakeClockTwilioHostFactory : FakeClockTwilioHostFactory
{
    protected override bool OnAzureStorage => true;
}

[CollectionDefinition(Name)]
public sealed class FakeClockTwilioHostCollection : ICollectionFixture<FakeClockTwilioHostFactory>
{
    public const string Name = "fake-clock-twilio-host";
}

[CollectionDefinition(Name)]
public sealed class AzureStorageFakeClockTwilioHostCollection : ICollectionFixture<AzureStorageFakeClockTwilioHostFactory>
{
    public const string Name = "fake-clock-twilio-host-azure";
}

/// <summary>The fake-clock host on <c>Sms:Storage=AzureStorage</c> (Azurite).</summary>
public sealed class AzureStorageFakeClockHostFactory : FakeClockHostFactory
{
    protected override bool OnAzureStorage => true;
}

[CollectionDefinition(Name)]
public sealed class FakeClockHostCollection : ICollectionFixture<FakeClockHostFactory>
{
    public const string Name = "fake-clock-host";
}

[CollectionDefinition(Name)]
public sealed class AzureStorageFakeClockHostCollection : ICollectionFixture<AzureStorageFakeClockHostFactory>
{
    public const string Name = "fake-clock-host-azure";
}
