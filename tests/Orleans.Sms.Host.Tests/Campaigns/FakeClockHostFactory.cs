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
    /// <summary>A Monday in January 2027, before the US spring-forward night (14 March 2027) the DST test needs.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero));

    protected override void AddSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Sms:Campaigns:RecheckEvery", "00:00:00.100");
        builder.ConfigureServices(services => services.AddKeyedSingleton<TimeProvider>(SmsClock.Key, Clock));
    }
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
