using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Agents;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Hosting;
using Orleans.Sms.Numbers;
using Orleans.Sms.Routing;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tenants;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.UseCases;
using Orleans.TestingHost;

namespace Orleans.Sms.Tests.Infrastructure;

/// <summary>
/// A real two-silo Orleans cluster running the engine's grains with the production defaults (simulator
/// provider, echo agent, session timers of 24 h / 10 min / 30 d), driven by a <see cref="FakeTimeProvider"/>, on one of
/// the engine's storage modes (<see cref="ClusterStorage"/>). Grain storage and reminder table are the mode's own,
/// decorated so tests can count what they write (<see cref="Storage"/>, <see cref="Reminders"/>).
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private readonly ClusterStorage _mode;
    private int _numbers;

    protected ClusterFixture(ClusterStorage mode)
    {
        _mode = mode;
        Reminders = new ReminderTableProbe(() =>
            Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>());
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public GrainStorageProbe Storage { get; } = new();

    /// <summary>Faults in the campaign store of every silo.</summary>
    public CampaignStoreProbe CampaignStore { get; } = new();

    public GrainCallProbe Calls { get; } = new();

    public ReminderTableProbe Reminders { get; }

    public IMessageArchive Archive => _mode.Archive;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public InboundRouter Router { get; private set; } = null!;

    protected virtual short Silos => 2;

    protected virtual TimeProvider EngineClock => Clock;

    /// <summary>The cluster client's own configuration (the tests' calls go through it).</summary>
    protected virtual void ConfigureClient(IClientBuilder client)
    {
    }

    protected virtual void ConfigureEngine(IServiceCollection services)
    {
        services.Configure<AgentOptions>(o => o.BatchWindow = TimeSpan.Zero);
    }

    public async Task InitializeAsync()
    {
        _mode.Clock = EngineClock;
        await _mode.StartAsync();
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton(SmsClock.Key, EngineClock);
            _mode.ConfigureServices(silo.Services);
            silo.AddSmsSilo(_mode.SiloOptions);
            Storage.Attach(silo.Services);
            CampaignStore.Attach(silo.Services);
            silo.AddIncomingGrainCallFilter(Calls);
            Reminders.Attach(silo.Services);
            silo.Services.Configure<ApiKeyOptions>(o => o.HashKey = "cluster-tests");
            ConfigureEngine(silo.Services);
        });
        builder.ConfigureClient(ConfigureClient);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Router = new InboundRouter(Grains, Archive, EngineClock, Microsoft.Extensions.Logging.Abstractions.NullLogger<InboundRouter>.Instance);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        await _mode.DisposeAsync();
    }

    /// <summary>A number no other test of this cluster uses: +1 (area code) 3xx-xxxx.</summary>
    public string NewNumber(string areaCode) => $"+1{areaCode}{3_000_000 + Interlocked.Increment(ref _numbers):D7}";

    /// <summary>A fresh tenant with an sms use case, an agent number in its pool and a customer: nothing shared between tests.</summary>
    public async Task<TestPair> NewPairAsync(
        string? agentType = EchoAgent.Type, string? warningMessage = null, TimeSpan? batchWindow = null, string? greeting = null)
    {
        var n = Interlocked.Increment(ref _numbers);
        var tenantId = $"ten_t{n}";
        var useCaseId = $"uc_t{n}";
        var agentNumber = $"+1555{2000000 + n}";
        var customerNumber = $"+1555{7000000 + n}";
        await Grains.GetGrain<ITenantGrain>(tenantId).CreateAsync($"Tenant {n}");
        var useCase = Grains.GetGrain<IUseCaseGrain>(useCaseId);
        Assert.True((await useCase.CreateAsync(new UseCaseDefinition(
            useCaseId, tenantId, "Test", UseCaseChannels.Sms, "live", agentType is null ? null : new AgentSpec(agentType), greeting, null, warningMessage,
            BatchWindow: batchWindow))).Succeeded);
        Assert.True((await Grains.GetGrain<IPhoneNumberGrain>(agentNumber)
            .RegisterAsync(new ResourceOwner(tenantId, "live"), new PhoneNumberRegistration(PhoneNumberType.Mobile, ["sms"], "live"))).Succeeded);
        Assert.True((await useCase.AssignNumberAsync(new ResourceOwner(tenantId, "live"), agentNumber)).Succeeded);
        // Conversation tests send several messages of one number within one instant of the fake clock, which stands still:
        // at a mobile number's 1 segment/s each would wait a real second for its time (pacing has its own tests).
        Assert.True((await Grains.GetGrain<IPhoneNumberGrain>(agentNumber).SetMpsAsync(new ResourceOwner(tenantId, "live"), 1000)).Succeeded);
        return new TestPair(this, tenantId, useCaseId, agentNumber, customerNumber);
    }
}

/// <summary>The cluster on the storage mode <typeparamref name="TStorage"/>.</summary>
public class ClusterFixture<TStorage>() : ClusterFixture(new TStorage())
    where TStorage : ClusterStorage, new();

/// <summary>One conversation's worth of test data and the moves tests make on it.</summary>
public sealed record class TestPair(ClusterFixture Fixture, string TenantId, string UseCaseId, string AgentNumber, string CustomerNumber)
{
    private int _messages;

    public string ConversationId => Sms.Conversations.ConversationId.For(AgentNumber, CustomerNumber);

    public IConversationEngineGrain Grain => Fixture.Grains.GetGrain<IConversationEngineGrain>(ConversationId);

    public ConversationRoute Route => new(TenantId, UseCaseId, "live");

    /// <summary>Who the pair's resources belong to: the tenant in <c>live</c>.</summary>
    public ResourceOwner Owner => new(TenantId, "live");

    public GrainId GrainId => Grain.GetGrainId();

    /// <summary>The customer texts the agent number; the message goes the validated-inbound path.</summary>
    public async Task<ReceiveOutcome> TextAsync(string body, string? providerId = null)
    {
        var sid = providerId ?? $"SM{ConversationId[5..]}{Interlocked.Increment(ref _messages):D6}";
        var delivery = await Fixture.Router.RouteAsync(new InboundSms(sid, CustomerNumber, AgentNumber, body, []));
        return delivery.Outcome ?? throw new InvalidOperationException("Unrouted.");
    }

    /// <summary>The business starts a session with a message (as <c>POST /v1/outbound-sms</c> does once the sender is chosen).</summary>
    public async Task<OutboundOutcome> StartOutboundAsync(string message)
    {
        var sent = await Grain.StartOutboundAsync(new OutboundRequest(Route, AgentNumber, CustomerNumber, message));
        Assert.True(sent.Succeeded, sent.Error?.Detail);
        return sent.Value;
    }

    public Task<ConversationView> ViewAsync(int limit = 500) =>
        Grain.GetAsync(Owner, limit).ContinueWith(t => t.Result ?? throw new InvalidOperationException("No conversation."));

    public async Task<IReadOnlyList<OutboxEntry>> OutboxAsync() =>
        await Fixture.Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(Owner)).ListAsync(CustomerNumber);

    /// <summary>
    /// What the archive holds of this conversation once the grain has written everything it owes (it writes in
    /// batches; deactivation writes the rest). The grain is deactivated again at every probe until the archive has
    /// every message: a deactivation that found no activation (or an activation already on its way out) would otherwise
    /// leave the live one holding what it owes, and the wait would time out although nothing was lost.
    /// </summary>
    public async Task<IReadOnlyList<SmsMessage>> ArchivedAsync()
    {
        var expected = Math.Min((await ViewAsync()).Messages.Count, 5000); // the transcript: state and archive merged
        IReadOnlyList<SmsMessage> archived = [];
        var deactivations = 0;
        await Eventually.TrueAsync(async () =>
            {
                await Fixture.Cluster.DeactivateAsync(Grain);
                deactivations++;
                archived = await Fixture.Archive.ReadAsync(ConversationId, null, 5000);
                return archived.Count >= expected;
            },
            () => $"the archive to have every message ({archived.Count} of {expected} after {deactivations} deactivations)");
        return archived;
    }

    /// <summary>Delivers a reminder tick the way the reminder service does (ticks may come late or twice).</summary>
    public Task TickAsync() => Grain.AsReference<IRemindable>().ReceiveReminder(
        "session", new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(10), DateTime.UtcNow));

    /// <summary>Waits until the outbox to the customer holds <paramref name="count"/> messages (agent turns run after the ack).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> OutboxReachesAsync(int count, TimeSpan? deadline = null)
    {
        IReadOnlyList<OutboxEntry> outbox = [];
        await Eventually.TrueAsync(async () => (outbox = await OutboxAsync()).Count >= count, $"outbox to reach {count}", deadline);
        Assert.Equal(count, outbox.Count);
        return outbox;
    }
}
