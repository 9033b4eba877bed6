using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>A tenant, an sms use case and one compliant agent number, made through the grains as the host's dev seed makes them.</summary>
internal static class SiloTenant
{
    public static async Task<ConversationRoute> CreateAsync(IGrainFactory grains, string agentNumber, AgentSpec? agent)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var tenantId = "ten_bench_" + id;
        var useCaseId = "uc_bench_" + id;
        await grains.GetGrain<ITenantGrain>(tenantId).CreateAsync("Benchmark tenant");
        var useCase = grains.GetGrain<IUseCaseGrain>(useCaseId);
        Require(await useCase.CreateAsync(new UseCaseDefinition(
            useCaseId, tenantId, "Benchmark", UseCaseChannels.Sms, "dev", agent, Greeting: null, Instructions: null, WarningMessage: null)));
        Require(await grains.GetGrain<IPhoneNumberGrain>(agentNumber).RegisterAsync(new ResourceOwner(tenantId, "dev"), new PhoneNumberRegistration(
            // A List, as the HTTP API passes it: the grain storage's JSON serializer cannot read back a collection-expression list.
            PhoneNumberType.Local, new List<string> { "sms" }, "dev", A2pCampaignId: "CMBENCH", A2pCampaignStatus: ComplianceStatus.Approved)));
        Require(await useCase.AssignNumberAsync(new ResourceOwner(tenantId, "dev"), agentNumber));
        // Pacing lifted (the API's highest mps), as the HTTP benchmarks do: a local number's default of 1 segment a second
        // would make these figures the pacer's (1,000 warnings of one number would take 1,000 s to go out).
        Require(await grains.GetGrain<IPhoneNumberGrain>(agentNumber).SetMpsAsync(new ResourceOwner(tenantId, "dev"), 1000));
        return new ConversationRoute(tenantId, useCaseId, "dev");
    }

    /// <summary>An inbound message as the router hands it to the conversation.</summary>
    public static InboundSms Inbound(string agentNumber, string customer, long sequence, string body) =>
        new("SM" + sequence.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), customer, agentNumber, body, []);

    private static void Require<T>(SmsResult<T> result) where T : notnull
    {
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"Set-up failed: {error.Code}: {error.Detail}");
        }
    }
}
