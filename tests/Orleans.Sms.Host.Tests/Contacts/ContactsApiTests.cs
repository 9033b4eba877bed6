using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>Contacts over HTTP (docs/api.md: Contacts), on both storage modes.</summary>
public abstract class ContactsApiTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : ContactsApiTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : ContactsApiTests(factory);

    internal static async Task<JsonElement> CreateAsync(HttpClient api, object contact) =>
        await Http.ReadAsync(await api.PostAsJsonAsync("/v1/contacts", contact));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).GetString();

    [Fact]
    public async Task Create_NormalisesTheNumberDefaultsTheNameAndReadsBack()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("415");

        var response = await tenant.Api.PostAsJsonAsync("/v1/contacts", new
        {
            phone_number = $"({number[2..5]}) {number[5..8]}-{number[8..]}", first_name = " Ann ", last_name = "Lee", company = "Acme",
            email = "ann@acme.test", external_id = "crm-7", fields = new { plan_tier = "gold" },
        });
        var created = await Http.ReadAsync(response);
        var read = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/{Str(created, "contact_id")}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v1/contacts/{Str(created, "contact_id")}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("ct_", Str(created, "contact_id"));
        Assert.Equal((number, "Ann Lee", "Ann", "Lee", "Acme", "ann@acme.test", "crm-7"),
            (Str(read, "phone_number"), Str(read, "name"), Str(read, "first_name"), Str(read, "last_name"), Str(read, "company"), Str(read, "email"), Str(read, "external_id")));
        Assert.Equal("gold", read.GetProperty("fields").GetProperty("plan_tier").GetString());
        Assert.Equal(created.GetProperty("created_at").GetDateTimeOffset(), read.GetProperty("updated_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Create_SameNumberInAnotherFormat_Is409CarryingTheExistingId()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var number = TestTenant.NewNumber("415");
        var first = await CreateAsync(tenant.Api, new { phone_number = number, name = "First" });

        var again = await tenant.Api.PostAsJsonAsync("/v1/contacts", new { phone_number = number[2..], name = "Second" });

        var problem = await ErrorTests.AssertProblemAsync(again, HttpStatusCode.Conflict, "contact_exists");
        Assert.Equal(Str(first, "contact_id"), Str(problem, "contact_id"));
    }

    [Fact]
    public async Task Patch_ReplacesGivenMembersMergesFieldsAndRefusesAnotherContactsNumber()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var (mine, theirs) = (TestTenant.NewNumber("415"), TestTenant.NewNumber("415"));
        var contact = await CreateAsync(tenant.Api, new { phone_number = mine, first_name = "Ann", company = "Acme", fields = new { a = "1", b = "2" } });
        var other = await CreateAsync(tenant.Api, new { phone_number = theirs, name = "Other" });
        var id = Str(contact, "contact_id");

        var patched = await Http.ReadAsync(await tenant.Api.PatchAsJsonAsync($"/v1/contacts/{id}",
            new Dictionary<string, object?> { ["first_name"] = "Anna", ["company"] = null, ["fields"] = new Dictionary<string, string?> { ["a"] = null, ["c"] = "3" } }));
        var taken = await tenant.Api.PatchAsJsonAsync($"/v1/contacts/{id}", new { phone_number = theirs });

        Assert.Equal(("Anna", "Anna", null, mine), (Str(patched, "first_name"), Str(patched, "name"), Str(patched, "company"), Str(patched, "phone_number")));
        Assert.Equal(["b", "c"], patched.GetProperty("fields").EnumerateObject().Select(f => f.Name).Order());
        var problem = await ErrorTests.AssertProblemAsync(taken, HttpStatusCode.Conflict, "contact_exists");
        Assert.Equal(Str(other, "contact_id"), Str(problem, "contact_id"));
        var moved = await Http.ReadAsync(await tenant.Api.PatchAsJsonAsync($"/v1/contacts/{id}", new { phone_number = TestTenant.NewNumber("415") }));
        Assert.Empty((await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(mine)}")).GetProperty("contacts").EnumerateArray());
        Assert.Equal(id, Str((await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(Str(moved, "phone_number")!)}")).GetProperty("contacts")[0], "contact_id"));
    }

    public static TheoryData<string, string> BadContacts => new()
    {
        { """{"phone_number":"not a number"}""", "invalid_phone_number" },
        { """{"name":"No number"}""", "invalid_phone_number" },
        { """{"phone_number":"+14155550100","name":5}""", "invalid_contact" },
        { """{"phone_number":"+14155550100","fields":{"Plan":"x"}}""", "invalid_contact" },
        { """{"phone_number":"+14155550100","fields":{"plan":7}}""", "invalid_contact" },
        { $$"""{"phone_number":"+14155550100","company":"{{new string('c', 201)}}"}""", "invalid_contact" },
        { """{"phone_number":"+14155550100","fields":{"note":"X"}}""".Replace("X", new string('n', 1001)), "invalid_contact" },
        { """{"phone_number":"+14155550100","fields":{X}}""".Replace("X", string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"f{i}\":\"v\""))), "invalid_contact" },
        { """{"phone_number":"+14155550100","nickname":"x"}""", "invalid_request" },
    };

    [Theory, MemberData(nameof(BadContacts))]
    public async Task Create_BreakingARule_IsRefusedWithItsCode(string body, string code)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);

        var response = await tenant.Api.PostAsync("/v1/contacts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Empty((await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/contacts")).GetProperty("contacts").EnumerateArray());
    }

    [Fact]
    public async Task Delete_RemovesTheContactOnce()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var id = Str(await CreateAsync(tenant.Api, new { phone_number = TestTenant.NewNumber("415") }), "contact_id");

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Api.DeleteAsync($"/v1/contacts/{id}")).StatusCode);

        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync($"/v1/contacts/{id}"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await tenant.Api.DeleteAsync($"/v1/contacts/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task List_PagesThroughEveryContactOnceAndSearchesNameCompanyAndEmail()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var ids = new List<string>();
        foreach (var (name, company, email) in new[] { ("Ann", "Acme", "a@x.test"), ("Bob", "Zeta", "bob@acme.test"), ("Cy", "Beta", "c@x.test"), ("ACME Desk", null, null), ("Dee", "Other", "d@x.test") })
        {
            ids.Add(Str(await CreateAsync(tenant.Api, new { phone_number = TestTenant.NewNumber("415"), name, company, email }), "contact_id")!);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.True(page.GetProperty("contacts").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("contacts").EnumerateArray().Select(c => Str(c, "contact_id")!));
            cursor = Str(page, "next_cursor");
        }
        while (cursor is not null);
        var found = await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/contacts?q=aCmE");

        Assert.Equal(ids.Order(), seen.Order());
        Assert.Equal(new[] { ids[0], ids[1], ids[3] }.Order(), found.GetProperty("contacts").EnumerateArray().Select(c => Str(c, "contact_id")!).Order());
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=501", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("phone_number=abc", "invalid_phone_number")]
    [InlineData("cursor=bm9wZQ", "invalid_request")]
    public async Task List_BadQuery_IsRefused(string query, string code)
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);

        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync($"/v1/contacts?{query}"), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task AnotherTenantsOrEnvironmentsContact_IsNotFoundAndTheNumberIsFreeThere()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var stranger = await ApiTenant.CreateAsync(factory, withNumber: false);
        var sandbox = await tenant.ClientInAsync(factory, "sandbox");
        var number = TestTenant.NewNumber("415");
        var id = Str(await CreateAsync(tenant.Api, new { phone_number = number, name = "Live" }), "contact_id");

        foreach (var other in new[] { stranger.Api, sandbox })
        {
            await ErrorTests.AssertProblemAsync(await other.GetAsync($"/v1/contacts/{id}"), HttpStatusCode.NotFound, "not_found");
            await ErrorTests.AssertProblemAsync(await other.PatchAsJsonAsync($"/v1/contacts/{id}", new { name = "x" }), HttpStatusCode.NotFound, "not_found");
            await ErrorTests.AssertProblemAsync(await other.DeleteAsync($"/v1/contacts/{id}"), HttpStatusCode.NotFound, "not_found");
            Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"/v1/contacts?phone_number={Uri.EscapeDataString(number)}")).GetProperty("contacts").EnumerateArray());
        }
        var sandboxCopy = await CreateAsync(sandbox, new { phone_number = number, name = "Sandbox" });

        Assert.NotEqual(id, Str(sandboxCopy, "contact_id"));
        Assert.Equal("Live", Str(await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/{id}"), "name"));
    }

    [Fact]
    public async Task Conversation_ShowsItsCustomersContactAsItIsNow()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("773");
        var contact = await CreateAsync(tenant.Api, new { phone_number = customer, first_name = "Ann", last_name = "Lee" });
        var sent = await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "Hello" }));
        var conversationId = Str(sent, "conversation_id");

        var shown = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}")).GetProperty("contact");
        var listed = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations?customer_number={Uri.EscapeDataString(customer)}"))
            .GetProperty("conversations")[0].GetProperty("contact");
        await tenant.Api.PatchAsJsonAsync($"/v1/contacts/{Str(contact, "contact_id")}", new { name = "Ann L." });
        var renamed = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}")).GetProperty("contact");
        await tenant.Api.DeleteAsync($"/v1/contacts/{Str(contact, "contact_id")}");
        var gone = (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}")).GetProperty("contact");

        Assert.Equal((Str(contact, "contact_id"), "Ann Lee"), (Str(shown, "contact_id"), Str(shown, "name")));
        Assert.Equal(Str(contact, "contact_id"), Str(listed, "contact_id"));
        Assert.Equal("Ann L.", Str(renamed, "name"));
        Assert.Equal(JsonValueKind.Null, gone.ValueKind);
    }
}
