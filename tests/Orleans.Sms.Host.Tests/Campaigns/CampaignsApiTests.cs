using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>Campaigns over HTTP (docs/api.md: Campaigns): creating, audiences, the lifecycle and sending, on both storage modes.</summary>
public abstract class CampaignsApiTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignsApiTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignsApiTests(factory);

    private async Task<CampaignClient> ClientAsync() => new(await ApiTenant.CreateAsync(factory));

    [Fact]
    public async Task Campaign_SendsEachRecipientItsFilledTemplateOnce_AndCompletes()
    {
        var client = await ClientAsync();
        var (ann, bob, cy) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/contacts", new { phone_number = ann, first_name = "Ann" }));
        var id = await client.CreateAsync("Hi {first_name|there}, your visit is due.");

        var added = await client.AddNumbersAsync(id, ann, bob, "not a number", ann, cy);
        Assert.Equal((3, 1, 1), (added.GetProperty("added").GetInt32(), added.GetProperty("already_present").GetInt32(), added.GetProperty("failed").GetInt32()));
        Assert.Equal((3, "invalid_phone_number"), (added.GetProperty("errors")[0].GetProperty("row").GetInt32(), added.GetProperty("errors")[0].GetProperty("code").GetString()));
        var started = await Http.ReadAsync(await client.CommandAsync(id, "start"));
        Assert.Contains(started.GetProperty("status").GetString(), new[] { "running", "completed" });
        var done = await client.CompletedAsync(id);

        var counts = done.GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        Assert.Equal(3, counts.GetProperty("total").GetInt32());
        Assert.Equal(3, counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32());
        Assert.Equal(["Hi Ann, your visit is due."], await client.OutboxAsync(ann));
        Assert.Equal(["Hi there, your visit is due."], await client.OutboxAsync(bob));
        var recipients = await client.RecipientsAsync(id);
        Assert.Equal([ann, bob, cy], recipients.Select(r => r.GetProperty("phone_number").GetString()));
        Assert.All(recipients, r => Assert.StartsWith("msg_", r.GetProperty("message_id").GetString()));
        var conversation = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{recipients[0].GetProperty("conversation_id").GetString()}");
        var message = conversation.GetProperty("messages")[0];
        Assert.Equal(("campaign", id), (message.GetProperty("source").GetString(), message.GetProperty("campaign_id").GetString()));
    }

    [Fact]
    public async Task Lists_TakeALimitOfOneTo500()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Your visit is due.");
        await client.AddNumbersAsync(id, TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));

        foreach (var list in new[] { "/v1/campaigns", $"/v1/campaigns/{id}/recipients" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.Api.GetAsync($"{list}?limit=500")).StatusCode);
            await ErrorTests.AssertProblemAsync(await client.Api.GetAsync($"{list}?limit=501"), HttpStatusCode.BadRequest, "invalid_limit");
            await ErrorTests.AssertProblemAsync(await client.Api.GetAsync($"{list}?limit=0"), HttpStatusCode.BadRequest, "invalid_limit");
        }
        var one = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{id}/recipients?limit=1");
        Assert.Equal(1, one.GetProperty("recipients").GetArrayLength());
        Assert.Equal(JsonValueKind.String, one.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Recipients_MissingVariable_IsSkipped_OthersAreSent()
    {
        var client = await ClientAsync();
        var (ann, bob) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/contacts", new { phone_number = ann, first_name = "Ann" }));
        var id = await client.CreateAsync("Hi {first_name}!");
        await client.AddNumbersAsync(id, ann, bob);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var counts = (await client.CompletedAsync(id)).GetProperty("counts");

        Assert.Equal(1, counts.GetProperty("skipped").GetInt32());
        var skipped = Assert.Single(await client.RecipientsAsync(id, "skipped"));
        Assert.Equal((bob, "template_variable_missing"), (skipped.GetProperty("phone_number").GetString(), skipped.GetProperty("error_code").GetString()));
        Assert.Empty(await client.OutboxAsync(bob));
    }

    [Fact]
    public async Task Recipients_WhoOptedOut_AreSkippedWithTheirCode_AndGetNothing()
    {
        var client = await ClientAsync();
        var (ann, bob) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = bob, to = client.Tenant.Number, body = "STOP" }));
        var id = await client.CreateAsync("Your check-up is due.");
        await client.AddNumbersAsync(id, ann, bob);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var counts = (await client.CompletedAsync(id)).GetProperty("counts");

        Assert.Equal((1, 1), (counts.GetProperty("sent").GetInt32(), counts.GetProperty("skipped").GetInt32()));
        var skipped = Assert.Single(await client.RecipientsAsync(id, "skipped"));
        Assert.Equal((bob, "recipient_opted_out"), (skipped.GetProperty("phone_number").GetString(), skipped.GetProperty("error_code").GetString()));
        Assert.DoesNotContain("Your check-up is due.", await client.OutboxAsync(bob)); // only the opt-out confirmation, if any
        Assert.Equal(["Your check-up is due."], await client.OutboxAsync(ann));
    }

    [Fact]
    public async Task Lifecycle_RefusesWhatMakesNoSense_AndRepeatsChangeNothing()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Hello");

        await ErrorTests.AssertProblemAsync(await client.CommandAsync(id, "start"), HttpStatusCode.Conflict, "campaign_empty");
        await ErrorTests.AssertProblemAsync(await client.CommandAsync(id, "resume"), HttpStatusCode.Conflict, "invalid_campaign_state");
        await ErrorTests.AssertProblemAsync(await client.CommandAsync(id, "pause"), HttpStatusCode.Conflict, "invalid_campaign_state");
        var cancelled = await Http.ReadAsync(await client.CommandAsync(id, "cancel"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await Http.ReadAsync(await client.CommandAsync(id, "cancel"))).GetProperty("status").GetString());
        await ErrorTests.AssertProblemAsync(await client.CommandAsync(id, "start"), HttpStatusCode.Conflict, "invalid_campaign_state");
        await ErrorTests.AssertProblemAsync(
            await client.Api.PostAsJsonAsync($"/v1/campaigns/{id}/recipients", new { phone_numbers = new[] { TestTenant.NewNumber() } }),
            HttpStatusCode.Conflict, "invalid_campaign_state");
        await ErrorTests.AssertProblemAsync(await client.Api.DeleteAsync($"/v1/campaigns/{id}"), HttpStatusCode.Conflict, "invalid_campaign_state");
    }

    [Fact]
    public async Task Paused_SendsNothing_UntilResumed()
    {
        var client = await ClientAsync();
        var numbers = Enumerable.Range(0, 5).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Hello", new { send_at = DateTimeOffset.UtcNow.AddDays(1) });
        await client.AddNumbersAsync(id, numbers);

        Assert.Equal("scheduled", (await Http.ReadAsync(await client.CommandAsync(id, "start"))).GetProperty("status").GetString());
        var paused = await Http.ReadAsync(await client.CommandAsync(id, "pause"));
        Assert.Equal(("paused", "manual"), (paused.GetProperty("status").GetString(), paused.GetProperty("pause_reason").GetString()));
        Assert.Equal("paused", (await Http.ReadAsync(await client.CommandAsync(id, "pause"))).GetProperty("status").GetString());
        var cancelled = await Http.ReadAsync(await client.CommandAsync(id, "cancel"));

        Assert.Equal(5, cancelled.GetProperty("counts").GetProperty("cancelled").GetInt32());
        CampaignClient.AssertPartition(cancelled.GetProperty("counts"));
        foreach (var number in numbers)
        {
            Assert.Empty(await client.OutboxAsync(number));
        }
    }

    [Fact]
    public async Task Draft_IsDeleted_AndAnotherTenantOrEnvironmentSeesNothing()
    {
        var client = await ClientAsync();
        var other = await ClientAsync();
        var id = await client.CreateAsync("Hello");
        var sandbox = await client.Tenant.ClientInAsync(factory, "sandbox");

        await ErrorTests.AssertProblemAsync(await other.Api.GetAsync($"/v1/campaigns/{id}"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await sandbox.GetAsync($"/v1/campaigns/{id}"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await other.CommandAsync(id, "cancel"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await other.Api.DeleteAsync($"/v1/campaigns/{id}"), HttpStatusCode.NotFound, "not_found");
        var listed = await client.Api.GetFromJsonAsync<JsonElement>("/v1/campaigns");
        Assert.Equal([id], listed.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("campaign_id").GetString()));
        Assert.Empty((await other.Api.GetFromJsonAsync<JsonElement>("/v1/campaigns")).GetProperty("campaigns").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/v1/campaigns/{id}")).StatusCode);
        await ErrorTests.AssertProblemAsync(await client.Api.GetAsync($"/v1/campaigns/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi","workflow_id":"wf_1"}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi {frist_name}"}""", "invalid_template")]
    [InlineData("""{"name":"","message":"Hi"}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi","max_per_second":0}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi","send_at":"tomorrow"}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi","auto_pause":{"window":0}}""", "invalid_request")]
    [InlineData("""{"name":"x","message":"Hi","quiet_hours":{"start":"8am"}}""", "invalid_request")]
    public async Task Create_BadBody_IsRefused(string body, string code)
    {
        var client = await ClientAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await ErrorTests.AssertProblemAsync(await client.Api.PostAsync("/v1/campaigns", content), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Create_UnknownWorkflowOrUseCase_IsNotFound_VoiceUseCaseIsRefused_AndDefaultsAreShown()
    {
        var client = await ClientAsync();
        var voice = await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/use-cases", new { name = "Calls", channel = "voice_inbound" }));

        await ErrorTests.AssertProblemAsync(await client.Api.PostAsJsonAsync("/v1/campaigns", new { name = "x", workflow_id = "wf_nope" }), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(await client.Api.PostAsJsonAsync("/v1/campaigns", new { name = "x", message = "Hi", use_case_id = "uc_nope" }), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(
            await client.Api.PostAsJsonAsync("/v1/campaigns", new { name = "x", message = "Hi", use_case_id = voice.GetProperty("use_case_id").GetString() }),
            HttpStatusCode.BadRequest, "invalid_request");
        var created = await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/campaigns", new { name = "x", message = "Hi", use_case_id = client.Tenant.UseCaseId }));
        Assert.Equal("""{"enabled":true,"start":"08:00","end":"21:00","time_zone":"America/New_York"}""", created.GetProperty("quiet_hours").GetRawText());
        Assert.Equal("""{"opt_out_rate":0.05,"failure_rate":0.1,"window":100}""", created.GetProperty("auto_pause").GetRawText());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("pause_reason").ValueKind);
    }

    [Fact]
    public async Task UseCase_OfARunningCampaign_CannotBeDeleted()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Hello", new { send_at = DateTimeOffset.UtcNow.AddDays(1) });
        await client.AddNumbersAsync(id, TestTenant.NewNumber("646"));
        await Http.ReadAsync(await client.CommandAsync(id, "start"));

        await ErrorTests.AssertProblemAsync(await client.Api.DeleteAsync($"/v1/use-cases/{client.Tenant.UseCaseId}"), HttpStatusCode.Conflict, "use_case_in_use");
        await Http.ReadAsync(await client.CommandAsync(id, "cancel"));
        await ErrorTests.AssertProblemAsync(await client.Api.DeleteAsync($"/v1/use-cases/{client.Tenant.UseCaseId}"), HttpStatusCode.Conflict, "numbers_still_assigned");
    }

    [Fact]
    public async Task Recipients_TenThousandEntriesFitOneCall_AndOneMoreIsInvalidRequest()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Your visit is due.");
        var distinct = Enumerable.Range(0, 200).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var tenThousand = Enumerable.Range(0, 10_000).Select(i => distinct[i % distinct.Length]).ToArray(); // ~190 KB of JSON

        var added = await client.AddNumbersAsync(id, tenThousand);
        var tooMany = await client.Api.PostAsJsonAsync($"/v1/campaigns/{id}/recipients", new { phone_numbers = tenThousand.Append(distinct[0]) });

        Assert.Equal((200, 9_800, 0), (added.GetProperty("added").GetInt32(), added.GetProperty("already_present").GetInt32(), added.GetProperty("failed").GetInt32()));
        await ErrorTests.AssertProblemAsync(tooMany, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(200, (await client.CountsAsync(id)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Recipients_AListLongerThanOneGrainCall_IsAnsweredAsOneCall_ErrorsByTheirRowInTheWholeList()
    {
        var client = await ClientAsync();
        var id = await client.CreateAsync("Your visit is due.");
        var numbers = Enumerable.Range(0, RecipientPages.Size + 20).Select(_ => TestTenant.NewNumber("646")).ToArray();
        // After the first page: a number of the first page again, a bad entry (row 522), a number of the second page again.
        string[] list = [.. numbers, numbers[0], "not a number", numbers[^1]];

        var added = await client.AddNumbersAsync(id, list);

        Assert.Equal((520, 2, 1), (added.GetProperty("added").GetInt32(), added.GetProperty("already_present").GetInt32(), added.GetProperty("failed").GetInt32()));
        var error = Assert.Single(added.GetProperty("errors").EnumerateArray());
        Assert.Equal((522, "invalid_phone_number", "not a number"), (error.GetProperty("row").GetInt32(), error.GetProperty("code").GetString(), error.GetProperty("value").GetString()));
        Assert.Equal(520, (await client.CountsAsync(id)).GetProperty("total").GetInt32());
        var again = await client.AddNumbersAsync(id, list); // the same list again: nothing new, the same error
        Assert.Equal((0, 522, 1), (again.GetProperty("added").GetInt32(), again.GetProperty("already_present").GetInt32(), again.GetProperty("failed").GetInt32()));
    }
}
