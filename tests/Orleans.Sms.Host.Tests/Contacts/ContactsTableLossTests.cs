using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Sms.AzureStorage;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>
/// The contacts table is deleted under the running host (as an in-memory Azurite restart does): the next contact is
/// created (the table is created again) instead of a 500 until the host restarts.
/// </summary>
[Collection(AzureStorageAdminHostCollection.Name)]
public sealed class ContactsTableLossTests(AzureStorageAdminHostFactory factory)
{
    [Fact]
    public async Task Create_AfterTheContactsTableWasDeleted_Is201AndReadsBack_TheOldContactIsGone()
    {
        var tenant = await ApiTenant.CreateAsync(factory, withNumber: false);
        var before = await ContactsApiTests.CreateAsync(tenant.Api, new { phone_number = TestTenant.NewNumber("415"), name = "Before" });
        var storage = factory.Services.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
        await new TableServiceClient(storage.ConnectionString).DeleteTableAsync(storage.TablePrefix + "contacts");

        var response = await tenant.Api.PostAsJsonAsync("/v1/contacts", new { phone_number = TestTenant.NewNumber("415"), name = "After" });

        var created = await Http.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/{created.GetProperty("contact_id").GetString()}");
        Assert.Equal("After", read.GetProperty("name").GetString());
        await ErrorTests.AssertProblemAsync(
            await tenant.Api.GetAsync($"/v1/contacts/{before.GetProperty("contact_id").GetString()}"), HttpStatusCode.NotFound, "not_found");
    }
}
