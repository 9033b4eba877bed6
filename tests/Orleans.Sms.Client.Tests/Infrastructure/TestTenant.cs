using Orleans.Sms.Agents;
using Orleans.Sms.Numbers;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Client.Tests.Infrastructure;

/// <summary>A seeded tenant: an sms use case with the echo agent and one agent number in its pool.</summary>
public sealed record class TestTenant(IGrainFactory Grains, int N, string TenantId, string UseCaseId, string AgentNumber, string Environment)
{
    private int _customers;

    /// <summary>Who the tenant's resources belong to: the tenant in its environment.</summary>
    public ResourceOwner Owner => new(TenantId, Environment);

    public static async Task<TestTenant> SeedAsync(IGrainFactory grains, int n, string environment)
    {
        var tenant = new TestTenant(grains, n, $"ten_c{n}", $"uc_c{n}", $"+1555{2100000 + n}", environment);
        await grains.GetGrain<ITenantGrain>(tenant.TenantId).CreateAsync($"Client tenant {n}");
        await tenant.AddUseCaseAsync(tenant.UseCaseId);
        Assert.True((await grains.GetGrain<IPhoneNumberGrain>(tenant.AgentNumber)
            .RegisterAsync(tenant.Owner, new PhoneNumberRegistration(PhoneNumberType.Mobile, ["sms"], environment))).Succeeded);
        Assert.True((await grains.GetGrain<IUseCaseGrain>(tenant.UseCaseId).AssignNumberAsync(tenant.Owner, tenant.AgentNumber)).Succeeded);
        return tenant;
    }

    /// <summary>Creates another sms use case of the tenant (without numbers).</summary>
    public async Task AddUseCaseAsync(string useCaseId) =>
        Assert.True((await Grains.GetGrain<IUseCaseGrain>(useCaseId).CreateAsync(new UseCaseDefinition(
            useCaseId, TenantId, "Client test", UseCaseChannels.Sms, Environment, new AgentSpec(EchoAgent.Type), null, null, null))).Succeeded);

    /// <summary>A customer number no other test uses.</summary>
    public string NewCustomer() => $"+1555{7100000 + N * 100 + Interlocked.Increment(ref _customers)}";

    /// <summary>What the simulator would have sent to <paramref name="customer"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(string customer) =>
        await Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(Owner)).ListAsync(customer);
}
