using Microsoft.Extensions.Time.Testing;
using Azure;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using static Orleans.Sms.AzureStorage.Tests.Archive.TestMessages;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>What only the Azure Tables archive has: its rows, its keys and what each operation costs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableMessageArchiveTests(AzuriteFixture azurite)
{
    private const string Conversation = "conv_0123456789abcdef0123456789abcdef";

    private readonly string _prefix = AzuriteFixture.NewPrefix();

    [Fact]
    public async Task Append_ChangedDeliveryStatus_KeepsOneMessageRowAndOneIndexRow()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix);
        var accepted = Message(1) with { DeliveryStatus = DeliveryStatus.Accepted };
        await archive.AppendAsync(Conversation, accepted);
        await archive.AppendAsync(Conversation, accepted with { ProviderMessageSid = "SM1", DeliveryStatus = DeliveryStatus.Sent });
        await archive.AppendAsync(Conversation, accepted with { ProviderMessageSid = "SM1", DeliveryStatus = DeliveryStatus.Delivered });

        var rows = await RowsAsync(new SmsTableNames(_prefix).Messages, Conversation);

        Assert.Equal(2, rows.Count);
        Assert.StartsWith("m|", rows[0].RowKey, StringComparison.Ordinal);
        Assert.Equal("p|SM1", rows[1].RowKey);
        Assert.All(rows, r => Assert.Equal(nameof(DeliveryStatus.Delivered), r.GetString("DeliveryStatus")));
    }

    [Fact]
    public async Task Operations_AfterFirstUse_CostOneRequestEach()
    {
        var counter = new RequestCounter();
        var archive = new TableMessageArchive(azurite.NewCountingClient(counter), _prefix);

        // The first call creates the table (once per archive), then writes.
        await archive.AppendAsync(Conversation, Message(1));
        Assert.Equal(2, counter.Count);

        Assert.Equal(1, await CostAsync(counter, () => archive.AppendAsync(Conversation, Message(2))));
        Assert.Equal(1, await CostAsync(counter, () => archive.AppendAsync(Conversation, Message(2) with { ProviderMessageSid = "SM2" })));
        Assert.Equal(1, await CostAsync(counter, () => archive.FindByProviderIdAsync(Conversation, "SM2")));
        Assert.Equal(1, await CostAsync(counter, () => archive.ReadAsync(Conversation, null, 10)));
    }

    [Fact]
    public async Task AppendMany_WritesFiftyMessagesPerRequest()
    {
        var counter = new RequestCounter();
        var archive = new TableMessageArchive(azurite.NewCountingClient(counter), _prefix);
        await archive.AppendAsync(Conversation, Message(1)); // creates the table

        var withProviderIds = Enumerable.Range(1, 120).Select(n => Message(n) with { ProviderMessageSid = $"SM{n}" }).ToList();
        var without = Enumerable.Range(1, 100).Select(n => Message(1000 + n)).ToList();

        // A message and its provider-id index row are two of a transaction's 100 rows; without a provider id, one.
        Assert.Equal(3, await CostAsync(counter, () => archive.AppendManyAsync(Conversation, withProviderIds)));
        Assert.Equal(1, await CostAsync(counter, () => archive.AppendManyAsync(Conversation, without)));
        Assert.Equal(220, (await archive.ReadAsync(Conversation, null, 1000)).Count);
    }

    [Fact]
    public async Task Keys_WithCharactersAzureForbids_RoundTripAndStayDistinct()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix, new FakeTimeProvider(TestMessages.T0));
        const string odd = "conv/a#b?c\\d%";
        var message = Message(1) with { MessageId = "msg/1#?", ProviderMessageSid = "SM/1" };
        await archive.AppendAsync(odd, message);
        await archive.AppendAsync("conv%2Fa%23b%3Fc%5Cd%25", Message(2));
        await archive.KeepUnroutedAsync(Inbound("SM#2", "+1/555"), TestMessages.T0);

        Same([message], await archive.ReadAsync(odd, null, 10));
        Same(message, (await archive.FindByProviderIdAsync(odd, "SM/1"))!);
        Assert.Equal("SM#2", Assert.Single(await archive.ReadUnroutedAsync("+1/555")).ProviderMessageId);
    }

    [Fact]
    public async Task Timestamp_SubMillisecondWithOffset_ReadsBackAsTheSameInstant()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix);
        var at = new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        await archive.AppendAsync(Conversation, Message(1) with { Timestamp = at });

        var read = Assert.Single(await archive.ReadAsync(Conversation, null, 1));

        Assert.Equal(at.UtcTicks, read.Timestamp.UtcTicks);
    }

    [Fact]
    public async Task KeepUnrouted_ProviderRetry_StoresOneMessageRowFoundByItsIndex()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix, new FakeTimeProvider(TestMessages.T0));
        for (var i = 0; i < 3; i++)
        {
            await archive.KeepUnroutedAsync(Inbound("SM1", "+15550000001"), TestMessages.T0.AddSeconds(i));
        }

        var rows = await RowsAsync(new SmsTableNames(_prefix).Unrouted, "+15550000001");
        // The message, its provider-id index and the number's counter: no scan finds a retry.
        Assert.Equal(["c", "p|SM1", "s|0000000000000000000"], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.Equal(TestMessages.T0, rows.Single(r => r.RowKey.StartsWith("s|", StringComparison.Ordinal)).GetDateTimeOffset("ReceivedAt"));
    }

    [Fact]
    public async Task Append_StorageDown_FailsEachCallWithoutCachingTheFailure()
    {
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var down = new TableServiceClient(
            azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal), options);
        var archive = new TableMessageArchive(down, _prefix);

        await Assert.ThrowsAsync<RequestFailedException>(() => archive.AppendAsync(Conversation, Message(1)));
        await Assert.ThrowsAsync<RequestFailedException>(() => archive.AppendAsync(Conversation, Message(1)));

        // Each call tried to create the table again rather than replaying the first failure.
        Assert.Equal(2, counter.Count);
    }

    [Theory]
    [InlineData("1sms")]
    [InlineData("sms-1")]
    [InlineData("sms_")]
    public void Constructor_InvalidPrefix_Throws(string prefix) =>
        Assert.Throws<ArgumentException>(() => new TableMessageArchive(azurite.NewServiceClient(), prefix));

    private static async Task<int> CostAsync(RequestCounter counter, Func<Task> operation)
    {
        var before = counter.Count;
        await operation();
        return counter.Count - before;
    }

    private async Task<List<TableEntity>> RowsAsync(string table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in azurite.NewServiceClient().GetTableClient(table).QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
