using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests;

/// <summary>A number's send rate over HTTP (docs/api.md: Campaigns): <c>PATCH /v1/phone-numbers/{number}</c> and the effective <c>mps</c>, on both storage modes.</summary>
public abstract class PhoneNumberMpsTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : PhoneNumberMpsTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : PhoneNumberMpsTests(factory);

    private static string PathOf(string number) => $"/v1/phone-numbers/{Uri.EscapeDataString(number)}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> RegisterAsync(HttpClient api, string type)
    {
        var number = TestTenant.NewNumber("213");
        await Http.ReadAsync(await api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type, capabilities = new[] { "sms" } }));
        return number;
    }

    private static async Task<double> MpsAsync(HttpClient api, string number) =>
        (await Http.ReadAsync(await api.GetAsync(PathOf(number)))).GetProperty("mps").GetDouble();

    [Theory]
    [InlineData("local", 1)]
    [InlineData("national", 1)]
    [InlineData("mobile", 1)]
    [InlineData("toll_free", 3)]
    [InlineData("short_code", 100)]
    public async Task Get_ShowsTheDefaultOfTheType(string type, double mps)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = await RegisterAsync(tenant.Api, type);

        Assert.Equal(mps, await MpsAsync(tenant.Api, number));
    }

    [Fact]
    public async Task Patch_SetsAFractionalRateAndNullGoesBackToTheDefault()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = await RegisterAsync(tenant.Api, "toll_free");

        var set = await Http.ReadAsync(await tenant.Api.PatchAsync(PathOf(number[1..]), Json("""{"mps":0.5}""")));
        var read = await MpsAsync(tenant.Api, number);
        // Registering again (type, capabilities) keeps the number's own rate.
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "short_code", capabilities = new[] { "sms", "voice" } }));
        var afterRegistering = await MpsAsync(tenant.Api, number);
        var reset = await Http.ReadAsync(await tenant.Api.PatchAsync(PathOf(number), Json("""{"mps":null}""")));

        Assert.Equal((number, "toll_free", 0.5), (set.GetProperty("phone_number").GetString(), set.GetProperty("type").GetString(), set.GetProperty("mps").GetDouble()));
        Assert.Equal(0.5, read);
        Assert.Equal(0.5, afterRegistering);
        Assert.Equal(100, reset.GetProperty("mps").GetDouble());
        Assert.Equal(100, await MpsAsync(tenant.Api, number));
    }

    [Fact]
    public async Task Patch_TheHighestRate_IsAccepted()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = await RegisterAsync(tenant.Api, "short_code");

        var set = await Http.ReadAsync(await tenant.Api.PatchAsync(PathOf(number), Json("""{"mps":1000}""")));

        Assert.Equal(1000, set.GetProperty("mps").GetDouble());
    }

    [Theory]
    [InlineData("""{"mps":0}""")]
    [InlineData("""{"mps":-1}""")]
    [InlineData("""{"mps":1001}""")]
    [InlineData("""{"mps":1000.5}""")]
    [InlineData("""{"mps":1e400}""")]
    [InlineData("""{"mps":"3"}""")]
    [InlineData("""{"mps":true}""")]
    [InlineData("""{"mps":[2]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"mps":2,"type":"local"}""")]
    [InlineData("""[{"mps":2}]""")]
    [InlineData("""null""")]
    [InlineData("""{"mps":""")]
    public async Task Patch_ABadRate_Is400InvalidRequestAndChangesNothing(string body)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = await RegisterAsync(tenant.Api, "mobile");
        await Http.ReadAsync(await tenant.Api.PatchAsync(PathOf(number), Json("""{"mps":2.5}""")));

        await ErrorTests.AssertProblemAsync(await tenant.Api.PatchAsync(PathOf(number), Json(body)), HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal(2.5, await MpsAsync(tenant.Api, number));
    }

    [Fact]
    public async Task Patch_NotAPhoneNumber_Is400InvalidPhoneNumber()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);

        await ErrorTests.AssertProblemAsync(
            await tenant.Api.PatchAsync("/v1/phone-numbers/not-a-number", Json("""{"mps":2}""")), HttpStatusCode.BadRequest, "invalid_phone_number");
    }

    [Fact]
    public async Task Patch_AnUnregisteredNumber_Is404()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);

        await ErrorTests.AssertProblemAsync(
            await tenant.Api.PatchAsync(PathOf(TestTenant.NewNumber("213")), Json("""{"mps":2}""")), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Patch_AnotherTenantsNumber_Is404AndChangesNothing()
    {
        var owner = await ApiTenant.CreateAsync(factory, withNumber: false);
        var stranger = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = await RegisterAsync(owner.Api, "local");

        var response = await stranger.Api.PatchAsync(PathOf(number), Json("""{"mps":50}"""));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(1, await MpsAsync(owner.Api, number));
    }

    [Fact]
    public async Task Patch_AnotherEnvironmentsNumber_Is404AndChangesNothing()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var sandbox = await tenant.ClientInAsync(factory, "sandbox");
        var number = await RegisterAsync(tenant.Api, "toll_free");

        var patched = await sandbox.PatchAsync(PathOf(number), Json("""{"mps":50}"""));
        var read = await sandbox.GetAsync(PathOf(number));

        await ErrorTests.AssertProblemAsync(patched, HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(read, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(3, await MpsAsync(tenant.Api, number));
    }
}
