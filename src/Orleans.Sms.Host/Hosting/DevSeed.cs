using Orleans.Sms.Agents;
using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Host.Hosting;

/// <summary>The demo tenant of the embedded default (docs/api.md: Simulator), once seeded.</summary>
public sealed class DevTenant
{
    public const string TenantId = "ten_dev";
    public const string UseCaseId = "uc_dev_echo";
    public const string Number = "+15555550100";

    /// <summary>The printed API key (null until seeded, or when no seed runs).</summary>
    public string? ApiKey { get; internal set; }
}

/// <summary>Seeds a dev tenant, an API key, a number and an sms use case with the echo agent, and prints the key.</summary>
internal sealed class DevSeed(IGrainFactory grains, DevTenant dev, ILogger<DevSeed> logger) : IHostedService
{
    private static readonly ResourceOwner Owner = new(DevTenant.TenantId, "dev");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<ITenantGrain>(DevTenant.TenantId).CreateAsync("Dev tenant");
        var useCase = grains.GetGrain<IUseCaseGrain>(DevTenant.UseCaseId);
        Require(await useCase.CreateAsync(new UseCaseDefinition(
            DevTenant.UseCaseId, DevTenant.TenantId, "Echo demo", UseCaseChannels.Sms, "dev", new AgentSpec(EchoAgent.Type),
            Greeting: null, Instructions: null, WarningMessage: null)));
        Require(await grains.GetGrain<IPhoneNumberGrain>(DevTenant.Number).RegisterAsync(Owner, new PhoneNumberRegistration(
            PhoneNumberType.Local, new List<string> { "sms", "voice" }, "dev", A2pCampaignId: "CMDEMO", A2pCampaignStatus: ComplianceStatus.Approved)));
        Require(await useCase.AssignNumberAsync(Owner, DevTenant.Number));
        dev.ApiKey = (await grains.GetGrain<ITenantGrain>(DevTenant.TenantId).IssueApiKeyAsync("dev")).ApiKey;

        // The key is a secret: it goes to the console for the newcomer, never into a log (a log sink keeps and ships values).
        logger.LogWarning(
            "Dev tenant ready: number {Number} (sms use case {UseCaseId}, echo agent); its API key is printed on the console",
            DevTenant.Number, DevTenant.UseCaseId);
        Console.WriteLine($"""

            Orleans.Sms embedded default is ready (Sms:Storage=Memory, Sms:Provider=Simulator).
              API key : {dev.ApiKey}
              Number  : {DevTenant.Number}  (sms use case {DevTenant.UseCaseId}, echo agent)

            """);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Require<T>(SmsResult<T> result) where T : notnull
    {
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"Seeding the dev tenant failed: {error.Code}: {error.Detail}");
        }
    }
}
