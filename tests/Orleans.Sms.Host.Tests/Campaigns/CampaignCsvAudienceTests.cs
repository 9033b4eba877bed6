using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Sms.Host.Tests.Contacts;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// CSV audiences (docs/api.md: Campaigns): <c>POST /v1/campaigns/{id}/recipients</c> with a file as docs/api.md: CSV imports takes it answers 202 with an
/// import; its rows become contacts as a contact import makes them and join the campaign, counted in <c>added</c> and
/// <c>already_present</c>. On both storage modes.
/// </summary>
public abstract class CampaignCsvAudienceTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignCsvAudienceTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignCsvAudienceTests(factory);

    private async Task<CampaignClient> ClientAsync() => new(await ApiTenant.CreateAsync(factory));

    private static string Recipients(string campaignId, string? mapping = null) =>
        $"/v1/campaigns/{campaignId}/recipients" + (mapping is null ? "" : $"?mapping={Uri.EscapeDataString(mapping)}");

    private static Task<HttpResponseMessage> PostCsvAsync(CampaignClient client, string campaignId, string csv, string? mapping = null) =>
        client.Api.PostAsync(Recipients(campaignId, mapping), new StringContent(csv, new UTF8Encoding(false), "text/csv"));

    /// <summary>Posts the file, asserts the 202 and its Location, and returns the import once it ended.</summary>
    private static async Task<JsonElement> ImportAsync(CampaignClient client, HttpResponseMessage response)
    {
        var started = await Http.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("running", started.GetProperty("status").GetString());
        var importId = started.GetProperty("import_id").GetString()!;
        Assert.Equal($"/v1/contacts/imports/{importId}", response.Headers.Location?.OriginalString);
        var view = await ImportClient.EndedAsync(client.Api, importId);
        Assert.Equal("completed", view.GetProperty("status").GetString());
        return view;
    }

    private static (int Added, int AlreadyPresent) Joined(JsonElement view) =>
        (view.GetProperty("added").GetInt32(), view.GetProperty("already_present").GetInt32());

    [Fact]
    public async Task Csv_ImportsEveryRowAsAContactImport_AndAddsEachNumberOnce()
    {
        var client = await ClientAsync();
        var (ann, bob, cy) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        var id = await client.CreateAsync("Hi {first_name|there}");
        await client.AddNumbersAsync(id, ann); // in the campaign (and a contact) before the file
        var csv = $"""
            Phone,First Name,Plan
            {ann},Ann,gold
            {bob},Bob,silver
            555-01,Bad,x
            {bob},Bobby,
            {cy},Cy,
            {cy},Cy,tin
            """;

        var view = await ImportAsync(client, await PostCsvAsync(client, id, csv));

        Assert.Equal((2, 3, 1, 6, 6), ImportClient.Counts(view)); // ann updated; bob, cy created then updated; one bad number
        Assert.Equal((2, 3), Joined(view)); // bob and cy added; ann present before, bob and cy repeated
        Assert.Equal([(3, "Phone", "invalid_phone_number", "555-01")], ImportClient.Errors(view));
        var counts = await client.CountsAsync(id);
        Assert.Equal((3, 3), (counts.GetProperty("total").GetInt32(), counts.GetProperty("pending").GetInt32()));
        CampaignClient.AssertPartition(counts);
        var recipients = await client.RecipientsAsync(id);
        Assert.Equal([ann, bob, cy], recipients.Select(r => r.GetProperty("phone_number").GetString()));
        var bobby = (await client.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(bob)}")).GetProperty("contacts")[0];
        Assert.Equal(("Bobby", "silver"), (bobby.GetProperty("first_name").GetString(), bobby.GetProperty("fields").GetProperty("plan").GetString()));
        Assert.Equal(bobby.GetProperty("contact_id").GetString(), recipients[1].GetProperty("contact_id").GetString());

        // The same file again: every good row is present already. A contact import keeps its shape.
        Assert.Equal((0, 5), Joined(await ImportAsync(client, await PostCsvAsync(client, id, csv))));
        var contactImport = await ImportClient.ImportAsync(client.Api, $"phone\n{TestTenant.NewNumber("646")}\n");
        Assert.False(contactImport.TryGetProperty("added", out _));
        Assert.False(contactImport.TryGetProperty("already_present", out _));
    }

    [Fact]
    public async Task Multipart_WithAMapping_AddsRecipients_ThatAreSentTheirTemplate()
    {
        var client = await ClientAsync();
        var number = TestTenant.NewNumber("646");
        var id = await client.CreateAsync("Hi {first_name}, see you {fields.day}");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Contact;Who;Day\r\n{number};Ann;Friday\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "audience.csv");
        form.Add(new StringContent("""{"Contact":"phone_number","Who":"first_name","Day":"fields.day"}"""), "mapping");

        var view = await ImportAsync(client, await client.Api.PostAsync(Recipients(id), form));
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        Assert.Equal(((1, 0, 0, 1, 1), (1, 0)), (ImportClient.Counts(view), Joined(view)));
        Assert.Equal(["Hi Ann, see you Friday"], await client.OutboxAsync(number));
    }

    [Fact]
    public async Task RunningCampaign_SendsToRecipientsTheCsvAdds_AndCountsStayWhole()
    {
        var client = await ClientAsync();
        var first = Enumerable.Range(0, 3).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var later = Enumerable.Range(0, 2).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Hello", new { max_per_second = 1 }); // running for a few seconds
        await client.AddNumbersAsync(id, first);
        Assert.Equal("running", (await Http.ReadAsync(await client.CommandAsync(id, "start"))).GetProperty("status").GetString());

        var view = await ImportAsync(client, await PostCsvAsync(client, id, "phone\n" + string.Join("\n", later.Append(first[0]))));
        var done = await client.CompletedAsync(id);

        Assert.Equal((2, 1), Joined(view));
        var counts = done.GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        Assert.Equal((5, 5), (counts.GetProperty("total").GetInt32(), counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32()));
        foreach (var number in first.Concat(later))
        {
            Assert.Equal(["Hello"], await client.OutboxAsync(number));
        }
    }

    [Fact]
    public async Task CompletedOrCancelledCampaign_Is409_BeforeTheFileIsRead()
    {
        var client = await ClientAsync();
        var completed = await client.CreateAsync("Hello");
        await client.AddNumbersAsync(completed, TestTenant.NewNumber("646"));
        await Http.ReadAsync(await client.CommandAsync(completed, "start"));
        await client.CompletedAsync(completed);
        var cancelled = await client.CreateAsync("Hello");
        await Http.ReadAsync(await client.CommandAsync(cancelled, "cancel"));
        var spooled = SpooledFiles();

        foreach (var id in new[] { completed, cancelled })
        {
            await ErrorTests.AssertProblemAsync(
                await PostCsvAsync(client, id, $"phone\n{TestTenant.NewNumber("646")}\n"), HttpStatusCode.Conflict, "invalid_campaign_state");
            await ErrorTests.AssertProblemAsync(
                await PostCsvAsync(client, id, "name\nno phone column\n"), HttpStatusCode.Conflict, "invalid_campaign_state");
        }
        Assert.Equal(1, (await client.CountsAsync(completed)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await client.CountsAsync(cancelled)).GetProperty("total").GetInt32());
        Assert.Empty(SpooledFiles().Except(spooled));
    }

    [Fact]
    public async Task AnotherTenantsOrEnvironmentsOrAnUnknownCampaign_IsNotFound_AndNothingIsImported()
    {
        var client = await ClientAsync();
        var stranger = await ClientAsync();
        var id = await client.CreateAsync("Hello");
        var sandbox = await client.Tenant.ClientInAsync(factory, "sandbox");
        var csv = $"phone\n{TestTenant.NewNumber("646")}\n";

        await ErrorTests.AssertProblemAsync(await PostCsvAsync(stranger, id, csv), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(
            await sandbox.PostAsync(Recipients(id), new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await PostCsvAsync(client, "cmp_nope", csv), HttpStatusCode.NotFound, "not_found");

        Assert.Equal(0, (await client.CountsAsync(id)).GetProperty("total").GetInt32());
        Assert.Empty((await stranger.Api.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
        Assert.Empty((await sandbox.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        { "name,email\nAnn,a@x.test\n", null, "phone_column_missing" },
        { "phone,mobile\n+14155550100,+14155550101\n", null, "invalid_mapping" },
        { "phone,name\n+14155550100,Ann\n", "{not json", "invalid_mapping" },
        { "phone,name\n+14155550100,Ann\n", """{"name":"nickname"}""", "invalid_mapping" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public async Task BadHeaderOrMapping_Is400_AndNothingIsAdded(string csv, string? mapping, string code)
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Hello");

        await ErrorTests.AssertProblemAsync(await PostCsvAsync(client, id, csv, mapping), HttpStatusCode.BadRequest, code);

        Assert.Equal(0, (await client.CountsAsync(id)).GetProperty("total").GetInt32());
        Assert.Empty((await client.Api.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
    }

    [Fact]
    public async Task NotUtf8_OtherMediaType_NoFilePart_AndTooLarge_AreRefusedAsContactImportsAre()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Hello");
        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("phone,name\n+14155550100,Jos\u00e9\n")) { Headers = { ContentType = new("text/csv") } };
        var noFile = new MultipartFormDataContent { { new StringContent("{}"), "mapping" } };
        const long size = 50L * 1024 * 1024 + 1;

        await ErrorTests.AssertProblemAsync(await client.Api.PostAsync(Recipients(id), latin1), HttpStatusCode.BadRequest, "invalid_csv");
        await ErrorTests.AssertProblemAsync(
            await client.Api.PostAsync(Recipients(id), new StringContent("phone\n+14155550100\n", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await ErrorTests.AssertProblemAsync(await client.Api.PostAsync(Recipients(id), noFile), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(
            await client.Api.PostAsync(Recipients(id), new GeneratedCsv(size, declareLength: true)), HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        await ErrorTests.AssertProblemAsync(
            await client.Api.PostAsync(Recipients(id), new GeneratedCsv(size, declareLength: false)), HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        // Without a Content-Type the JSON endpoint answers, as before there was a CSV one (not an ambiguous match).
        var bare = new ByteArrayContent(Encoding.UTF8.GetBytes("phone\n+14155550100\n"));
        await ErrorTests.AssertProblemAsync(await client.Api.PostAsync(Recipients(id), bare), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await ErrorTests.AssertProblemAsync(await client.Api.PostAsync(Recipients(id), null), HttpStatusCode.BadRequest, "invalid_request");
        // The JSON form stays a JSON route with its own limit.
        Assert.Equal(0, (await client.AddNumbersAsync(id, "not a number")).GetProperty("added").GetInt32());
        Assert.Equal(0, (await client.CountsAsync(id)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OpenApi_DescribesTheJsonAndTheCsvForms()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/v1/campaigns/{campaignId}/recipients").GetProperty("post");
        static string[] Codes(JsonElement operation, string status) =>
            operation.GetProperty("responses").GetProperty(status).GetProperty("x-problem-codes").EnumerateArray().Select(c => c.GetString()!).ToArray();

        Assert.Equal(["application/json", "multipart/form-data", "text/csv"],
            post.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.True(post.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
        Assert.Equal(["invalid_campaign_state"], Codes(post, "409"));
        Assert.Contains("file_too_large", Codes(post, "413"));
        Assert.Contains("phone_column_missing", Codes(post, "400"));
    }

    private HashSet<string> SpooledFiles() =>
        Directory.Exists(factory.SpoolPath) ? [.. Directory.EnumerateFiles(factory.SpoolPath)] : [];
}
