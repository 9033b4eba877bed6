using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>The provider side of use cases through the real Twilio SDK (docs/api.md: Use cases): services, numbers, and failures that leave nothing half-done.</summary>
public abstract class TwilioProvisioningTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : TwilioProvisioningTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : TwilioProvisioningTests(factory);

    [Fact]
    public async Task UseCaseLifecycle_CreatesFillsEmptiesAndDeletesTheMessagingService()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var useCase = await scenario.Api.GetFromJsonAsync<JsonElement>($"/v1/use-cases/{scenario.UseCaseId}");
        var sid = useCase.GetProperty("messaging_service_sid").GetString()!;

        var service = factory.Twilio.Service(sid)!;
        Assert.Equal((TwilioHostFactory.PublicBaseUrl + "/webhooks/twilio/sms", TwilioHostFactory.PublicBaseUrl + "/webhooks/twilio/status"),
            (service.InboundRequestUrl, service.StatusCallback));
        Assert.Equal([scenario.Number], service.PhoneNumbers);

        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Api.DeleteAsync($"/v1/use-cases/{scenario.UseCaseId}/numbers/{Uri.EscapeDataString(scenario.Number)}")).StatusCode);
        Assert.Empty(factory.Twilio.Service(sid)!.PhoneNumbers);
        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Api.DeleteAsync($"/v1/use-cases/{scenario.UseCaseId}")).StatusCode);
        Assert.Null(factory.Twilio.Service(sid));
    }

    [Fact]
    public async Task ProviderFailingOnAssign_Is502AndLeavesNoHalfAssignedNumber()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var number = TestTenant.NewNumber("646");
        await Http.ReadAsync(await scenario.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
        factory.Twilio.InjectFault(FakeTwilioRoute.AddServiceNumber, TwilioFault.ServerError(500), FakeTwilioServer.Always);
        HttpResponseMessage failed;
        try
        {
            failed = await scenario.Api.PostAsJsonAsync($"/v1/use-cases/{scenario.UseCaseId}/numbers", new { phone_number = number });
        }
        finally
        {
            factory.Twilio.ClearFaults();
        }

        await ErrorTests.AssertProblemAsync(failed, HttpStatusCode.BadGateway, "provider_error");
        var view = await scenario.Api.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{Uri.EscapeDataString(number)}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("sms_use_case_id").ValueKind);
        var pool = (await scenario.Api.GetFromJsonAsync<JsonElement>($"/v1/use-cases/{scenario.UseCaseId}")).GetProperty("numbers");
        Assert.DoesNotContain(pool.EnumerateArray(), n => n.GetString() == number);
        // Once the provider is back, the same request succeeds: nothing was left claimed.
        Assert.Equal(HttpStatusCode.Created, (await scenario.Api.PostAsJsonAsync($"/v1/use-cases/{scenario.UseCaseId}/numbers", new { phone_number = number })).StatusCode);
    }

    [Fact]
    public async Task ProviderFailingOnCreate_Is502AndCreatesNoUseCase()
    {
        var scenario = await TwilioScenario.CreateAsync(factory);
        var before = (await scenario.Api.GetFromJsonAsync<JsonElement>("/v1/use-cases")).GetProperty("use_cases").GetArrayLength();
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateService, TwilioFault.Error(20001, "Invalid parameter"), times: 1);

        var failed = await scenario.Api.PostAsJsonAsync("/v1/use-cases", new { name = "Doomed", channel = "sms" });

        await ErrorTests.AssertProblemAsync(failed, HttpStatusCode.BadGateway, "provider_error");
        Assert.Equal(before, (await scenario.Api.GetFromJsonAsync<JsonElement>("/v1/use-cases")).GetProperty("use_cases").GetArrayLength());
    }
}
