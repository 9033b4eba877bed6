using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.UseCases;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.UseCases;

/// <summary>Pools, sender selection and recovery of interrupted assignments, on the two-silo cluster.</summary>
public abstract class MessagingServiceTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : MessagingServiceTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : MessagingServiceTests(fixture);

    private async Task<(IUseCaseGrain UseCase, ResourceOwner Owner, string UseCaseId)> NewUseCaseAsync()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        return (fixture.Grains.GetGrain<IUseCaseGrain>(pair.UseCaseId), pair.Owner, pair.UseCaseId);
    }

    private async Task<string> AddNumberAsync(ResourceOwner owner, IUseCaseGrain useCase, string number, PhoneNumberType type = PhoneNumberType.Local)
    {
        Assert.True((await fixture.Grains.GetGrain<IPhoneNumberGrain>(number).RegisterAsync(owner,
            new PhoneNumberRegistration(type, ["sms"], "live", A2pCampaignId: "CM1", A2pCampaignStatus: ComplianceStatus.Approved))).Succeeded);
        Assert.True((await useCase.AssignNumberAsync(owner, number)).Succeeded);
        return number;
    }

    private string Unique(string areaCode) => fixture.NewNumber(areaCode);

    [Fact]
    public async Task SelectSender_PrefersExplicitThenStickyThenAreaCodeThenSpread()
    {
        var (useCase, owner, useCaseId) = await NewUseCaseAsync();
        var pool = await useCase.DescribeAsync(owner);
        var seeded = Assert.Single(pool!.Numbers);
        var sanFrancisco = await AddNumberAsync(owner, useCase, Unique("415"));
        var newYork = await AddNumberAsync(owner, useCase, Unique("212"));
        var service = fixture.Grains.GetGrain<IMessagingServiceGrain>(useCaseId);
        var customer = "+14155550999";

        Assert.Equal(newYork, (await service.SelectSenderAsync(customer, newYork)).Value?.Sender.PhoneNumber);
        Assert.Equal(sanFrancisco, (await service.SelectSenderAsync(customer, null)).Value?.Sender.PhoneNumber); // area code 415
        await fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, customer)).ClaimAsync(newYork);
        Assert.Equal(newYork, (await service.SelectSenderAsync(customer, null)).Value?.Sender.PhoneNumber); // sticky beats area code
        var foreign = "+442079460958";
        var spread = (await service.SelectSenderAsync(foreign, null)).Value?.Sender.PhoneNumber;
        Assert.Contains(spread, new[] { seeded, sanFrancisco, newYork });
        Assert.Equal(spread, (await service.SelectSenderAsync(foreign, null)).Value?.Sender.PhoneNumber); // stable
        Assert.Equal(SmsErrorCodes.InvalidAgentNumber, (await service.SelectSenderAsync(customer, "+15550000000")).Error?.Code);
    }

    [Fact]
    public async Task RevokedCompliance_StopsSendingButKeepsTheNumberInThePool()
    {
        var (useCase, owner, useCaseId) = await NewUseCaseAsync();
        var local = await AddNumberAsync(owner, useCase, Unique("303"));
        foreach (var number in (await useCase.DescribeAsync(owner))!.Numbers.Where(n => n != local))
        {
            Assert.True((await useCase.UnassignNumberAsync(owner, number)).Succeeded);
        }
        var service = fixture.Grains.GetGrain<IMessagingServiceGrain>(useCaseId);
        Assert.Equal(local, (await service.SelectSenderAsync("+13035550100", null)).Value?.Sender.PhoneNumber);

        await fixture.Grains.GetGrain<IPhoneNumberGrain>(local).SetComplianceAsync(owner, new ComplianceUpdate(null, null, ComplianceStatus.Rejected));

        Assert.Equal([local], (await useCase.DescribeAsync(owner))!.Numbers);
        Assert.Equal(SmsErrorCodes.NoSenderAvailable, (await service.SelectSenderAsync("+13035550100", null)).Error?.Code);
        Assert.Equal(SmsErrorCodes.InvalidAgentNumber, (await service.SelectSenderAsync("+13035550100", local)).Error?.Code);
        Assert.Equal(SmsErrorCodes.SenderNotCompliant, (await service.CheckSenderAsync(local))?.Code);
    }

    [Fact]
    public async Task InterruptedAssignment_IsCompletedByRepeatingIt()
    {
        var (useCase, owner, useCaseId) = await NewUseCaseAsync();
        var number = Unique("720");
        var grain = fixture.Grains.GetGrain<IPhoneNumberGrain>(number);
        await grain.RegisterAsync(owner, new PhoneNumberRegistration(PhoneNumberType.Mobile, ["sms"], "live"));
        // A crash after the number's claim and before the provider and pool steps leaves exactly this:
        Assert.True((await grain.ClaimSmsAsync(owner, useCaseId)).Succeeded);
        Assert.False((await grain.GetAsync())!.SmsConfirmed);
        var other = fixture.Grains.GetGrain<IUseCaseGrain>((await fixture.NewPairAsync()).UseCaseId);

        var repeated = await useCase.AssignNumberAsync(owner, number);

        Assert.True(repeated.Succeeded, repeated.Error?.Detail);
        Assert.True(repeated.Value.Changed);
        Assert.True((await grain.GetAsync())!.SmsConfirmed);
        Assert.Contains(number, (await useCase.DescribeAsync(owner))!.Numbers);
        var sid = (await useCase.GetAsync())!.MessagingServiceSid!;
        Assert.Contains(number, fixture.Cluster.Silos.SelectMany(s =>
            fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<SimulatorMessagingProvider>().NumbersOf(sid) ?? []));
        Assert.Equal(SmsErrorCodes.NotFound, (await other.AssignNumberAsync(owner, number)).Error?.Code); // other tenant's use case
    }

    [Fact]
    public async Task ClaimedButUnconfirmedNumber_IsNotRoutedAndCannotBeTakenByAnotherUseCase()
    {
        var (useCase, owner, useCaseId) = await NewUseCaseAsync();
        var number = Unique("512");
        var grain = fixture.Grains.GetGrain<IPhoneNumberGrain>(number);
        await grain.RegisterAsync(owner, new PhoneNumberRegistration(PhoneNumberType.Mobile, ["sms"], "live"));
        await grain.ClaimSmsAsync(owner, useCaseId);

        var stolen = await grain.ClaimSmsAsync(owner, "uc_other");
        var delivery = await fixture.Router.RouteAsync(new Sms.Conversations.InboundSms("SMunconfirmed000000000000000000001", "+15125550101", number, "hi", []));

        Assert.Equal(SmsErrorCodes.NumberAlreadyAssigned, stolen.Error?.Code);
        Assert.True(delivery.Unrouted);
        Assert.True((await useCase.UnassignNumberAsync(owner, number)).Succeeded); // unassign also finishes the release
        Assert.Null((await grain.GetAsync())!.SmsUseCaseId);
    }
}
