using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.AzureStorage.Contacts;
using Orleans.Sms.Contacts;
using Orleans.Sms.Tenants;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.Azurite;
using static Orleans.Sms.Host.Tests.Contacts.ImportClient;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>
/// An import whose host stops (docs/api.md: CSV imports): the next host on the same storage and spool directory goes on from the last
/// reported batch (an import into a campaign too, docs/api.md: Campaigns), or ends the import failed saying how far it got when the
/// file is gone. Azure tables only: the memory
/// mode forgets everything with its process.
/// </summary>
public sealed class ImportResumeTests : IAsyncLifetime
{
    private const int BatchSize = 10, BatchesBeforeStop = 3, Rows = 95;
    private AzuriteServer _azurite = null!;
    private readonly string _prefix = AzuriteServer.NewPrefix("resume");
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "orleans-sms-test-imports", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task HostStopsMidImport_NextHostGoesOnAndEveryRowIsCountedOnce()
    {
        var numbers = Enumerable.Range(0, Rows).Select(_ => TestTenant.NewNumber("650")).ToList();
        var csv = "phone,name\n" + string.Concat(numbers.Select((n, i) => i == 41 ? "555,Bad\n" : $"{n},Person {i}\n"));
        var (tenantId, importId) = await StartAndStopAsync(csv);

        await using var second = new ResumeHost(this, gateAfter: null);
        var api = await second.ApiAsync(tenantId);
        var view = await EndedAsync(api, importId);

        var (created, updated, failed, total, processed) = Counts(view);
        Assert.Equal(("completed", Rows, Rows, 1), (view.GetProperty("status").GetString(), total, processed, failed));
        Assert.Equal(Rows - 1, created + updated); // a batch written but not reported before the stop counts as updated on resume
        Assert.True(created >= Rows - 1 - BatchSize, $"created {created}");
        var listed = await api.GetFromJsonAsync<JsonElement>("/v1/contacts?limit=500");
        Assert.Equal(numbers.Where((_, i) => i != 41).Order(StringComparer.Ordinal),
            listed.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("phone_number").GetString()!).Order(StringComparer.Ordinal));
        // The runner ends the import and then deletes its files: the view may show the end first.
        await Eventually.TrueAsync(() => !Directory.EnumerateFiles(_spool).Any(), "the spool directory to be emptied");
    }

    [Fact]
    public async Task HostStopsMidImportAndItsFileIsGone_NextHostEndsItFailedSayingHowFar()
    {
        var csv = "phone,name\n" + string.Concat(Enumerable.Range(0, Rows).Select(i => $"{TestTenant.NewNumber("650")},Person {i}\n"));
        var (tenantId, importId) = await StartAndStopAsync(csv);
        File.Delete(Path.Combine(_spool, importId + ".csv"));

        await using var second = new ResumeHost(this, gateAfter: null);
        var view = await EndedAsync(await second.ApiAsync(tenantId), importId);

        Assert.Equal("failed", view.GetProperty("status").GetString());
        Assert.Equal(BatchSize * BatchesBeforeStop, view.GetProperty("rows_processed").GetInt32());
        Assert.Contains($"stopped after row {BatchSize * BatchesBeforeStop} of {Rows}", view.GetProperty("failure_reason").GetString());
        // The runner ends the import and then deletes its files: the view may show the end first.
        await Eventually.TrueAsync(() => !Directory.EnumerateFiles(_spool).Any(), "the spool directory to be emptied");
    }

    [Fact]
    public async Task HostStopsMidCampaignImport_NextHostGoesOnAndEveryNumberJoinsTheCampaignOnce()
    {
        var numbers = Enumerable.Range(0, Rows).Select(_ => TestTenant.NewNumber("650")).ToList();
        string? campaignId = null;
        var (tenantId, importId) = await StartAndStopAsync(async api =>
        {
            var useCase = await Http.ReadAsync(await api.PostAsJsonAsync("/v1/use-cases", new { name = "Leads", channel = "sms", agent = new { type = "echo" } }));
            var campaign = await Http.ReadAsync(await api.PostAsJsonAsync("/v1/campaigns",
                new { name = "Resume", message = "Hi", use_case_id = useCase.GetProperty("use_case_id").GetString() }));
            campaignId = campaign.GetProperty("campaign_id").GetString()!;
            var response = await api.PostAsync($"/v1/campaigns/{campaignId}/recipients",
                new StringContent("phone\n" + string.Join("\n", numbers), System.Text.Encoding.UTF8, "text/csv"));
            return (await Http.ReadAsync(response)).GetProperty("import_id").GetString()!;
        });

        await using var second = new ResumeHost(this, gateAfter: null);
        var api = await second.ApiAsync(tenantId);
        var view = await EndedAsync(api, importId);

        Assert.Equal(("completed", Rows), (view.GetProperty("status").GetString(), view.GetProperty("rows_processed").GetInt32()));
        // A batch added but not reported before the stop counts as already present on resume.
        Assert.Equal(Rows, view.GetProperty("added").GetInt32() + view.GetProperty("already_present").GetInt32());
        Assert.True(view.GetProperty("added").GetInt32() >= Rows - BatchSize, view.GetRawText());
        var campaign = await api.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{campaignId}");
        Assert.Equal((Rows, Rows), (campaign.GetProperty("counts").GetProperty("total").GetInt32(), campaign.GetProperty("counts").GetProperty("pending").GetInt32()));
        var recipients = await api.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{campaignId}/recipients?limit=200");
        Assert.Equal(numbers.Order(StringComparer.Ordinal),
            recipients.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("phone_number").GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>Starts the import on a first host whose contact store lets three batches through and then holds, and stops that host.</summary>
    private Task<(string TenantId, string ImportId)> StartAndStopAsync(string csv) => StartAndStopAsync(api => StartAsync(api, csv));

    private async Task<(string TenantId, string ImportId)> StartAndStopAsync(Func<HttpClient, Task<string>> start)
    {
        await using var first = new ResumeHost(this, gateAfter: BatchesBeforeStop);
        var tenantId = $"ten_resume_{Guid.NewGuid():N}";
        var api = await first.ApiAsync(tenantId, create: true);
        var importId = await start(api);
        await DemoFlowTests.Eventually(async () =>
            (await api.GetFromJsonAsync<JsonElement>($"/v1/contacts/imports/{importId}")).GetProperty("rows_processed").GetInt32() == BatchSize * BatchesBeforeStop);
        Assert.True(File.Exists(Path.Combine(_spool, importId + ".csv")));
        return (tenantId, importId);
    }

    /// <summary>One run of the host on the test's tables and spool directory.</summary>
    private sealed class ResumeHost(ImportResumeTests test, int? gateAfter) : AdminHostFactory
    {
        public override string SpoolPath => test._spool;

        protected override void AddSettings(IWebHostBuilder builder)
        {
            builder.UseSetting("Sms:Storage", "AzureStorage");
            builder.UseSetting("ConnectionStrings:AzureStorage", test._azurite.ConnectionString);
            builder.UseSetting("Sms:AzureStorage:TablePrefix", test._prefix);
            builder.UseSetting("Sms:Imports:BatchSize", BatchSize.ToString());
            builder.UseSetting("Sms:Imports:ClaimAfter", "00:00:01");
            if (gateAfter is { } batches)
            {
                builder.ConfigureTestServices(services => services.AddSingleton<IContactStore>(sp => new GatedContactStore(
                    new TableContactStore(sp.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey), test._prefix), batches)));
            }
        }

        public async Task<HttpClient> ApiAsync(string tenantId, bool create = false)
        {
            var tenant = Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenantId);
            if (create)
            {
                await tenant.CreateAsync("Resume");
            }
            return CreateApiClient((await tenant.IssueApiKeyAsync("live")).ApiKey);
        }
    }

    /// <summary>The real table store, with a barrier: after <paramref name="batches"/> batch writes, the next one waits until the host stops.</summary>
    private sealed class GatedContactStore(IContactStore inner, int batches) : IContactStore
    {
        private int _batches;

        public async Task<IReadOnlyList<Contact>> AddAllAsync(ResourceOwner owner, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _batches) > batches)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await inner.AddAllAsync(owner, contacts, cancellationToken);
        }

        public Task<StoredContact?> GetAsync(ResourceOwner owner, string contactId, CancellationToken cancellationToken = default) => inner.GetAsync(owner, contactId, cancellationToken);
        public Task<StoredContact?> FindByPhoneAsync(ResourceOwner owner, string phoneNumber, CancellationToken cancellationToken = default) => inner.FindByPhoneAsync(owner, phoneNumber, cancellationToken);
        public Task<string?> AddAsync(ResourceOwner owner, Contact contact, CancellationToken cancellationToken = default) => inner.AddAsync(owner, contact, cancellationToken);
        public Task<ContactReplace> ReplaceAsync(ResourceOwner owner, StoredContact previous, Contact updated, CancellationToken cancellationToken = default) => inner.ReplaceAsync(owner, previous, updated, cancellationToken);
        public Task<bool> DeleteAsync(ResourceOwner owner, StoredContact contact, CancellationToken cancellationToken = default) => inner.DeleteAsync(owner, contact, cancellationToken);
        public Task<ContactScan> ListAsync(ResourceOwner owner, string? query, string? after, int limit, CancellationToken cancellationToken = default) => inner.ListAsync(owner, query, after, limit, cancellationToken);
    }
}
