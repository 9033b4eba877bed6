using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests;

/// <summary>docs/api.md: Phone numbers, Use cases over HTTP: numbers, use cases, the compliance gate and exclusive pools.</summary>
[Collection(HostCollection.Name)]
public sealed class NumbersAndUseCasesTests(SmsHostFactory factory)
{
    public static TheoryData<string, bool, string, string, string?> ComplianceMatrix()
    {
        var data = new TheoryData<string, bool, string, string, string?>();
        foreach (var type in new[] { "local", "national", "toll_free", "short_code", "mobile" })
        foreach (var smsCapable in new[] { true, false })
        foreach (var compliance in new[] { "none", "pending", "approved", "rejected" })
        foreach (var environment in new[] { "live", "sandbox" })
        {
            data.Add(type, smsCapable, compliance, environment, Expected(type, smsCapable, compliance, environment));
        }
        return data;
    }

    /// <summary>
    /// The contract's gate, written out: environment, then capability, then the type's compliance regime. A number of another
    /// environment is not the key's to assign: 404 like another tenant's (docs/api.md: Tenants and environments, Boundaries).
    /// </summary>
    private static string? Expected(string type, bool smsCapable, string compliance, string environment) =>
        environment != "live" ? "not_found"
        : !smsCapable ? "not_sms_capable"
        : type == "toll_free" && compliance != "approved" ? "toll_free_verification_required"
        : type is "local" or "national" && compliance != "approved" ? "a2p_campaign_required"
        : null;

    [Theory]
    [MemberData(nameof(ComplianceMatrix))]
    public async Task AssignToSmsUseCase_FollowsTheComplianceMatrix(string type, bool smsCapable, string compliance, string environment, string? code)
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var useCase = await tenant.CreateUseCaseAsync();
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number, type, smsCapable ? ["sms", "voice"] : ["voice", "mms"], environment);
        if (compliance != "none")
        {
            var set = await tenant.Clients[environment].PutAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}/compliance",
                type == "toll_free"
                    ? new { toll_free_verification = (string?)compliance, a2p_campaign_id = (string?)null, a2p_campaign_status = (string?)null }
                    : new { toll_free_verification = (string?)null, a2p_campaign_id = (string?)"CM123", a2p_campaign_status = (string?)compliance });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var response = await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = number });

        if (code is null)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Contains(number, await PoolAsync(tenant, useCase));
        }
        else
        {
            await ErrorTests.AssertProblemAsync(response, code == "not_found" ? HttpStatusCode.NotFound
                : code.EndsWith("required") || code == "not_sms_capable" ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Conflict, code);
            Assert.Empty(await PoolAsync(tenant, useCase));
        }
    }

    [Fact]
    public async Task FiftyConcurrentAssignmentsAcrossFiveUseCases_HaveExactlyOneWinner()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var useCases = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tenant.CreateUseCaseAsync()));
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number);

        var attempts = Enumerable.Range(0, 50).Select(i =>
            tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCases[i % 5]}/numbers", new { phone_number = number }));
        var responses = await Task.WhenAll(attempts);

        var winners = responses.Select((r, i) => (r, useCase: useCases[i % 5])).Where(x => x.r.IsSuccessStatusCode).Select(x => x.useCase).Distinct().ToList();
        var winner = Assert.Single(winners);
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var loser in responses.Where(r => !r.IsSuccessStatusCode))
        {
            await ErrorTests.AssertProblemAsync(loser, HttpStatusCode.Conflict, "number_already_assigned");
        }
        var pools = await Task.WhenAll(useCases.Select(u => PoolAsync(tenant, u)));
        Assert.Equal(1, pools.Count(p => p.Contains(number)));
        Assert.Contains(number, pools[Array.IndexOf(useCases, winner)]);
        var view = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{Uri.EscapeDataString(number)}");
        Assert.Equal(winner, view.GetProperty("sms_use_case_id").GetString());
    }

    [Fact]
    public async Task SameUseCaseAgain_Is200AndChangesNothing()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var useCase = await tenant.CreateUseCaseAsync();
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number);

        var first = await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = number });
        var again = await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = number[1..] });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean());
        Assert.Equal([number], await PoolAsync(tenant, useCase));
    }

    [Fact]
    public async Task VoiceAndSmsBindings_NeverAffectEachOther()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var sms = await tenant.CreateUseCaseAsync();
        var voice = await tenant.CreateUseCaseAsync("voice_inbound");
        var voicemail = await tenant.CreateUseCaseAsync("voicemail");
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number);

        foreach (var useCase in new[] { voice, sms, voicemail })
        {
            Assert.Equal(HttpStatusCode.Created,
                (await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = number })).StatusCode);
        }
        var bound = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{number[1..]}");
        Assert.Equal((sms, voice, voicemail), (Str(bound, "sms_use_case_id"), Str(bound, "voice_inbound"), Str(bound, "voicemail")));
        Assert.Equal(JsonValueKind.Null, bound.GetProperty("voice_outbound").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Live.DeleteAsync($"/v1/use-cases/{sms}/numbers/{Uri.EscapeDataString(number)}")).StatusCode);
        var afterSms = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{number[1..]}");
        Assert.Equal((null, voice, voicemail), (Str(afterSms, "sms_use_case_id"), Str(afterSms, "voice_inbound"), Str(afterSms, "voicemail")));
        Assert.Equal([number], await PoolAsync(tenant, voice));

        var secondVoice = await tenant.CreateUseCaseAsync("voice_inbound");
        await ErrorTests.AssertProblemAsync(
            await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{secondVoice}/numbers", new { phone_number = number }),
            HttpStatusCode.Conflict, "number_already_assigned");
    }

    [Fact]
    public async Task DeleteUseCase_WithNumbersIs409_ThenTearsTheServiceDown()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var useCase = await tenant.CreateUseCaseAsync();
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number);
        await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = number });

        await ErrorTests.AssertProblemAsync(await tenant.Live.DeleteAsync($"/v1/use-cases/{useCase}"), HttpStatusCode.Conflict, "numbers_still_assigned");
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Live.DeleteAsync($"/v1/use-cases/{useCase}/numbers/%2B{number[1..]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Live.DeleteAsync($"/v1/use-cases/{useCase}")).StatusCode);

        await ErrorTests.AssertProblemAsync(await tenant.Live.GetAsync($"/v1/use-cases/{useCase}"), HttpStatusCode.NotFound, "not_found");
        var list = await tenant.Live.GetFromJsonAsync<JsonElement>("/v1/use-cases");
        Assert.DoesNotContain(list.GetProperty("use_cases").EnumerateArray(), u => Str(u, "use_case_id") == useCase);
    }

    private static int _ukNumbers = Random.Shared.Next(900);

    [Fact]
    public async Task RouteNumbers_AreE164WithOrWithoutThePlus_ANonUsNumberToo()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var useCase = await tenant.CreateUseCaseAsync();
        var uk = $"+447700900{Interlocked.Increment(ref _ukNumbers) % 1000:D3}"; // Ofcom's range for drama
        var us = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(uk);
        await tenant.RegisterNumberAsync(us);

        foreach (var (number, path) in new[] { (uk, uk[1..]), (uk, "%2B" + uk[1..]), (us, us[2..]), (us, us[1..]) })
        {
            var got = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{path}");
            Assert.Equal(number, Str(got, "phone_number"));
        }
        var patched = await tenant.Live.PatchAsJsonAsync($"/v1/phone-numbers/{uk[1..]}", new { mps = 2 });
        Assert.Equal(2, (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mps").GetDouble());
        Assert.Equal(HttpStatusCode.Created, (await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCase}/numbers", new { phone_number = uk })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Live.DeleteAsync($"/v1/use-cases/{useCase}/numbers/{uk[1..]}")).StatusCode);
        await ErrorTests.AssertProblemAsync(await tenant.Live.GetAsync("/v1/phone-numbers/12"), HttpStatusCode.BadRequest, "invalid_phone_number");
    }

    [Fact]
    public async Task Numbers_AreNormalisedAndHeldByOneTenant()
    {
        var owner = await TestTenant.CreateAsync(factory);
        var other = await TestTenant.CreateAsync(factory);
        var number = TestTenant.NewNumber("212");
        var loose = $"({number[2..5]}) {number[5..8]}-{number[8..]}";

        var created = await owner.Live.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = loose, type = "local", capabilities = new[] { "sms" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(number, Str(await created.Content.ReadFromJsonAsync<JsonElement>(), "phone_number"));
        await ErrorTests.AssertProblemAsync(
            await other.Live.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "local", capabilities = new[] { "sms" } }),
            HttpStatusCode.Conflict, "number_taken");
        await ErrorTests.AssertProblemAsync(await other.Live.GetAsync($"/v1/phone-numbers/{number[1..]}"), HttpStatusCode.NotFound, "not_found");
        await ErrorTests.AssertProblemAsync(
            await owner.Live.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = "call me maybe", type = "local", capabilities = new[] { "sms" } }),
            HttpStatusCode.BadRequest, "invalid_phone_number");
        await ErrorTests.AssertProblemAsync(
            await owner.Live.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = TestTenant.NewNumber(), type = "local", capabilities = new[] { "fax" } }),
            HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task UseCaseRequests_AreValidated()
    {
        var tenant = await TestTenant.CreateAsync(factory);

        await ErrorTests.AssertProblemAsync(await tenant.Live.PostAsJsonAsync("/v1/use-cases", new { name = "x", channel = "fax" }), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await tenant.Live.PostAsJsonAsync("/v1/use-cases", new { channel = "sms" }), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(
            await tenant.Live.PostAsJsonAsync("/v1/use-cases", new { name = "x", channel = "sms", agent = new { type = "webhook", url = "ftp://x" } }),
            HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(
            await tenant.Live.PostAsJsonAsync("/v1/use-cases", new { name = "x", channel = "sms", environment = "sandbox" }),
            HttpStatusCode.UnprocessableEntity, "environment_mismatch");
        var created = await tenant.Live.PostAsJsonAsync("/v1/use-cases",
            new { name = "Reminders", channel = "sms", agent = new { type = "webhook", url = "https://agent.example/sms", secret = "s3cret" } });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("MG", Str(body, "messaging_service_sid"));
        Assert.False(body.GetProperty("agent").TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task ReRegisteringWithoutACapabilityABindingNeeds_IsRefusedUntilUnassigned()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var sms = await tenant.CreateUseCaseAsync();
        var voice = await tenant.CreateUseCaseAsync("voice_inbound");
        var number = TestTenant.NewNumber();
        await tenant.RegisterNumberAsync(number);
        await Http.ReadAsync(await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{sms}/numbers", new { phone_number = number }));
        await Http.ReadAsync(await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{voice}/numbers", new { phone_number = number }));
        Task<HttpResponseMessage> Register(params string[] capabilities) =>
            tenant.Live.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities });

        // Voice-only while in an sms pool (and sms-only while bound on a voice channel): refused, nothing changes.
        await ErrorTests.AssertProblemAsync(await Register("voice"), HttpStatusCode.Conflict, "number_already_assigned");
        await ErrorTests.AssertProblemAsync(await Register("sms"), HttpStatusCode.Conflict, "number_already_assigned");
        Assert.Equal([number], await PoolAsync(tenant, sms));
        var kept = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/phone-numbers/{number[1..]}");
        Assert.Equal(["sms", "voice"], kept.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));

        // Out of the sms pool first, then voice-only is accepted and the voice binding stays.
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Live.DeleteAsync($"/v1/use-cases/{sms}/numbers/{Uri.EscapeDataString(number)}")).StatusCode);
        var voiceOnly = await Http.ReadAsync(await Register("voice"));
        Assert.Equal((null, voice), (Str(voiceOnly, "sms_use_case_id"), Str(voiceOnly, "voice_inbound")));
        Assert.Empty(await PoolAsync(tenant, sms));
    }

    private static string? Str(JsonElement element, string property) => element.GetProperty(property).GetString();

    private static async Task<List<string>> PoolAsync(TestTenant tenant, string useCase) =>
        (await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/use-cases/{useCase}"))
            .GetProperty("numbers").EnumerateArray().Select(n => n.GetString()!).ToList();
}
