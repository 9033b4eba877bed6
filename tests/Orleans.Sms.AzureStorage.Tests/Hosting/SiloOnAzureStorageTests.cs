using Azure.Data.Tables;
using Orleans.Sms.Archive;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.AzureStorage.Tests.Hosting;

/// <summary>Grain state and reminders of silos on <c>UseSmsAzureStorage</c> really go through the tables.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class SiloOnAzureStorageTests(AzureClusterFixture fixture)
{
    [Fact]
    public void Silos_ArchiveRegistered_IsTheTableArchive() =>
        Assert.All(fixture.Cluster.Silos, s => Assert.IsType<TableMessageArchive>(s.ServiceProvider.GetRequiredService<IMessageArchive>()));

    [Fact]
    public async Task GrainState_AfterDeactivation_IsReadBackFromTheGrainTable()
    {
        var grain = fixture.Cluster.Client.GetGrain<IProbeGrain>("state-probe");
        await grain.SaveAsync("kept in azure");

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal("kept in azure", (await grain.ReadAsync()).Value);
        var row = Assert.Single(await RowsAsync(fixture.Tables.GrainState), r => r.PartitionKey.Contains("state-probe", StringComparison.Ordinal));
        Assert.Contains("probe", row.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecipientStanding_AfterDeactivation_IsReadBackFromTheRecipientsTable()
    {
        var grain = fixture.Cluster.Client.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor("uc_silo", "+15550109999"));
        Assert.False((await grain.ClaimAsync("+15550100001")).OptedOut);
        await grain.SetOptedOutAsync(true);

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(new RecipientStanding(true, "+15550100001"), await grain.GetAsync());
        var row = Assert.Single(await RowsAsync(fixture.Tables.Recipients), r => r.RowKey == "+15550109999");
        Assert.Equal("recipient|uc_silo", row.PartitionKey);
        Assert.DoesNotContain(await RowsAsync(fixture.Tables.GrainState), r => r.PartitionKey.Contains("+15550109999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reminder_Registered_LandsInTheReminderTableAndFires()
    {
        var grain = fixture.Cluster.Client.GetGrain<IProbeGrain>("reminder-probe");

        await grain.ArmAsync(TimeSpan.FromSeconds(1));

        var row = Assert.Single(await RowsAsync(fixture.Tables.Reminders), r => r.GetString("GrainReference")?.Contains("reminder-probe", StringComparison.Ordinal) == true);
        Assert.Equal(ProbeGrain.Reminder, row.GetString("ReminderName"));
        await Eventually.TrueAsync(async () => (await grain.ReadAsync()).Ticks >= 2, "two reminder ticks", TimeSpan.FromSeconds(20));
        await grain.DisarmAsync();
        Assert.DoesNotContain(await RowsAsync(fixture.Tables.Reminders), r => r.GetString("ReminderName") == ProbeGrain.Reminder);
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in fixture.Azurite.NewServiceClient().GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }
}
