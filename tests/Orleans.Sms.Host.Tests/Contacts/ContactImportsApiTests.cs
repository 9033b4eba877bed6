using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Orleans.Sms.Host.Tests.Contacts.ImportClient;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>CSV imports over HTTP (docs/api.md: CSV imports), on both storage modes. The reader's quirks have fixture tests of their own.</summary>
public abstract class ContactImportsApiTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : ContactImportsApiTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : ContactImportsApiTests(factory);

    private HashSet<string> SpooledFiles() =>
        Directory.Exists(factory.SpoolPath) ? [.. Directory.EnumerateFiles(factory.SpoolPath)] : [];

    private static string Local(string e164) => $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";

    [Fact]
    public async Task Import_AccountsForEveryRowCreatesUpdatesAndListsErrors()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var (existing, a, b) = (TestTenant.NewNumber("415"), TestTenant.NewNumber("415"), TestTenant.NewNumber("415"));
        var before = await ContactsApiTests.CreateAsync(tenant.Api, new { phone_number = existing, name = "Kept Name", company = "Old Co", email = "keep@x.test" });
        var csv = $"""
            Phone;Full Name;Company;Plan Tier
            {Local(existing)};;New Co;gold
            {a};Ann;"Acme; Inc.";silver

            4.15555E+09;Bad;X;y
            {a};Ann Again;;bronze
            {b};"Bob ""B""
            Smith";Beta
            {b};Bob;Beta;tin
            """;

        var view = await ImportAsync(tenant.Api, csv);

        Assert.Equal("completed", view.GetProperty("status").GetString());
        Assert.Equal((2, 2, 2, 6, 6), Counts(view)); // a created then updated by its later row; b's short row fails, then b is created
        var errors = ImportClient.Errors(view).ToList();
        Assert.Equal([(3, "Phone", "invalid_phone_number", "4.15555E+09"), (5, null, "invalid_row", errors[1].Value)], errors);
        Assert.StartsWith(b, errors[1].Value);
        Assert.False(view.GetProperty("errors_truncated").GetBoolean());
        var kept = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/{before.GetProperty("contact_id").GetString()}");
        Assert.Equal(("Kept Name", "New Co", "keep@x.test", "gold"), (kept.GetProperty("name").GetString(), kept.GetProperty("company").GetString(),
            kept.GetProperty("email").GetString(), kept.GetProperty("fields").GetProperty("plan_tier").GetString()));
        var ann = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(a)}")).GetProperty("contacts")[0];
        Assert.Equal(("Ann Again", "Acme; Inc.", "bronze"), (ann.GetProperty("name").GetString(), ann.GetProperty("company").GetString(), ann.GetProperty("fields").GetProperty("plan_tier").GetString()));
    }

    [Fact]
    public async Task Import_MultipartWithAMappingPart_MapsIgnoresAndFillsFields()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("415");
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"Contact\tWho\tSecret\tId\r\n{number}\tAnn Lee\tpssst\tcrm-1\r\n")).ToArray();

        var response = await PostMultipartAsync(tenant.Api, file, """{"Contact":"phone_number","Who":"name","Secret":"ignore","Id":"fields.crm_id"}""");
        var view = await EndedAsync(tenant.Api, (await Http.ReadAsync(response)).GetProperty("import_id").GetString()!);

        Assert.Equal((1, 0, 0, 1, 1), Counts(view));
        var contact = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(number)}")).GetProperty("contacts")[0];
        Assert.Equal(("Ann Lee", null), (contact.GetProperty("name").GetString(), contact.GetProperty("external_id").GetString()));
        Assert.Equal(["crm_id"], contact.GetProperty("fields").EnumerateObject().Select(f => f.Name));
    }

    [Fact]
    public async Task Import_MoreThanAThousandBadRows_ListsTheFirstThousandAndCountsAll()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var csv = "phone,name\n" + string.Concat(Enumerable.Range(1, 1005).Select(i => $"not-a-number-{i},x\n"));

        var view = await ImportAsync(tenant.Api, csv);

        Assert.Equal((0, 0, 1005, 1005, 1005), Counts(view));
        Assert.Equal(1000, view.GetProperty("errors").GetArrayLength());
        Assert.True(view.GetProperty("errors_truncated").GetBoolean());
        Assert.Equal(Enumerable.Range(1, 1000), ImportClient.Errors(view).Select(e => e.Row));
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        { "name,email\nAnn,a@x.test\n", null, "phone_column_missing" },
        { "phone,mobile\n+14155550100,+14155550101\n", null, "invalid_mapping" },
        { "phone,name\n+14155550100,Ann\n", "{not json", "invalid_mapping" },
        { "phone,name\n+14155550100,Ann\n", """{"name":"nickname"}""", "invalid_mapping" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public async Task Import_BadHeaderOrMapping_Is400AndNothingIsImported(string csv, string? mapping, string code)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var spooled = SpooledFiles();

        await ErrorTests.AssertProblemAsync(await PostCsvAsync(tenant.Api, csv, mapping), HttpStatusCode.BadRequest, code);

        Assert.Empty((await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
        Assert.Empty(SpooledFiles().Except(spooled)); // the refused upload is not left on disk
    }

    [Fact]
    public async Task Import_NotUtf8_IsInvalidCsv()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var latin1 = Encoding.Latin1.GetBytes("phone,name\n+14155550100,Jos\u00e9\n");

        var response = await tenant.Api.PostAsync("/v1/contacts/imports", new ByteArrayContent(latin1) { Headers = { ContentType = new("text/csv") } });

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_csv");
    }

    [Fact]
    public async Task Import_OtherMediaTypeOrNoFilePart_IsRefused()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var noFile = new MultipartFormDataContent { { new StringContent("{}"), "mapping" } };

        await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsJsonAsync("/v1/contacts/imports", new { phone = "x" }), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsync("/v1/contacts/imports", noFile), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Import_OverFiftyMegabytes_IsFileTooLargeWithOrWithoutALength()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        const long size = 50L * 1024 * 1024 + 1;

        var declared = await tenant.Api.PostAsync("/v1/contacts/imports", new GeneratedCsv(size, declareLength: true));
        var chunked = await tenant.Api.PostAsync("/v1/contacts/imports", new GeneratedCsv(size, declareLength: false));

        await ErrorTests.AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        await ErrorTests.AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "file_too_large");
    }

    [Fact]
    public async Task AnotherTenantsOrEnvironmentsImport_IsNotFound()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var stranger = await ApiTenant.CreateAsync(factory, withNumber: false);
        var importId = await StartAsync(tenant.Api, $"phone\n{TestTenant.NewNumber("415")}\n");
        var sandbox = await tenant.ClientInAsync(factory, "sandbox");

        await EndedAsync(tenant.Api, importId);

        await ErrorTests.AssertProblemAsync(await stranger.Api.GetAsync($"/v1/contacts/imports/{importId}"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await sandbox.GetAsync($"/v1/contacts/imports/{importId}"), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await sandbox.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
    }
}
