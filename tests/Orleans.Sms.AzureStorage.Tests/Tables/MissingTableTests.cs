using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Campaigns;
using Orleans.Sms.AzureStorage.Contacts;
using Orleans.Sms.AzureStorage.Tests.Archive;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Tests.Tables;

/// <summary>
/// Every table of the engine's own stores is deleted under a store that has used it (as an in-memory Azurite restart
/// does): the next write creates it again, and reads see what was written since. What the table held is gone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MissingTableTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestMessages.T0;
    private static readonly ResourceOwner Owner = new("ten_missing", "live");

    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly Warnings _warnings = new();

    [Fact]
    public async Task Contacts_TableDeletedUnderTheStore_NextAddCreatesItAndReadsSeeOnlyTheNewContact()
    {
        var store = new TableContactStore(azurite.NewServiceClient(), _prefix, _warnings);
        var before = NewContact("+14155550100");
        Assert.Null(await store.AddAsync(Owner, before));

        await DeleteTableAsync("contacts");
        var after = NewContact("+14155550101");

        Assert.Null(await store.AddAsync(Owner, after));
        Assert.Equal(after.ContactId, (await store.GetAsync(Owner, after.ContactId))!.Contact.ContactId);
        Assert.Equal(after.ContactId, (await store.FindByPhoneAsync(Owner, after.PhoneNumber))!.Contact.ContactId);
        Assert.Null(await store.GetAsync(Owner, before.ContactId));
        Assert.Equal([after.ContactId], (await store.ListAsync(Owner, null, null, 10)).Contacts.Select(c => c.ContactId));
        Assert.Equal([$"{_prefix}contacts"], _warnings.Tables);
    }

    [Fact]
    public async Task Campaigns_TableDeletedUnderTheStore_NextAddCreatesItAndTheListShowsTheNewRecipients()
    {
        var store = new TableCampaignStore(azurite.NewServiceClient(), _prefix, _warnings);
        await store.AddRecipientsAsync("cmp_1", [new CampaignRecipient(1, "+14155550110", null, RecipientStatus.Pending)]);

        await DeleteTableAsync("campaigns");

        Assert.Equal([true], await store.AddRecipientsAsync("cmp_1", [new CampaignRecipient(2, "+14155550111", null, RecipientStatus.Pending)]));
        await store.IndexCampaignAsync(Owner, "cmp_1");
        var listed = await store.ListRecipientsAsync("cmp_1", 0, long.MaxValue, null, 10);
        Assert.Equal(["+14155550111"], listed.Select(r => r.PhoneNumber));
        Assert.Equal(["cmp_1"], await store.ListCampaignsAsync(Owner, null, 10));
    }

    [Fact]
    public async Task Messages_TableDeletedUnderTheArchive_NextAppendCreatesItAndReadsSeeTheNewMessage()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix, logger: _warnings);
        await archive.AppendAsync("conv_1", TestMessages.Message(1));

        await DeleteTableAsync("messages");
        var after = TestMessages.Message(2) with { ProviderMessageSid = "SM2" };
        await archive.AppendAsync("conv_1", after);

        TestMessages.Same([after], await archive.ReadAsync("conv_1", null, 10));
        TestMessages.Same(after, (await archive.FindByProviderIdAsync("conv_1", "SM2"))!);
        Assert.Equal([$"{_prefix}messages"], _warnings.Tables);
    }

    [Fact]
    public async Task Sessions_TableDeletedUnderTheArchive_NextSaveCreatesItAndReadsSeeTheNewSession()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix, logger: _warnings);
        await archive.SaveSessionAsync("conv_1", TestMessages.Session("ses_a", 0));

        await DeleteTableAsync("sessions");
        await archive.SaveSessionAsync("conv_1", TestMessages.Session("ses_b", 10));

        Assert.Equal(["ses_b"], (await archive.ReadSessionsAsync("conv_1")).Select(s => s.SessionId));
    }

    [Fact]
    public async Task Unrouted_TableDeletedUnderTheArchive_NextKeepCreatesItAndReadsSeeTheNewMessage()
    {
        var archive = new TableMessageArchive(azurite.NewServiceClient(), _prefix, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0), logger: _warnings);
        await archive.KeepUnroutedAsync(TestMessages.Inbound("SM1", "+15550000001"), T0);

        await DeleteTableAsync("unrouted");
        var after = TestMessages.Inbound("SM2", "+15550000001");
        await archive.KeepUnroutedAsync(after, T0);

        TestMessages.Same(after, Assert.Single(await archive.ReadUnroutedAsync("+15550000001")));
    }

    [Fact]
    public async Task Conversations_TableDeletedUnderTheDirectory_NextSaveCreatesItAndTheListShowsTheNewConversation()
    {
        var directory = new TableConversationDirectory(azurite.NewServiceClient(), _prefix, _warnings);
        await directory.SaveAsync(Summary("conv_1"));

        await DeleteTableAsync("conversations");
        await directory.SaveAsync(Summary("conv_2"));

        var page = await directory.ListAsync(Owner.TenantId, new ConversationFilter(), null, 10);
        Assert.Equal(["conv_2"], page.Conversations.Select(c => c.ConversationId));
    }

    [Fact]
    public async Task Contacts_ConcurrentWritesFindTheTableMissing_AllSucceedAndItIsCreatedAgainOnce()
    {
        var store = new TableContactStore(azurite.NewServiceClient(), _prefix, _warnings);
        Assert.Null(await store.AddAsync(Owner, NewContact("+14155550120")));
        await DeleteTableAsync("contacts");
        var contacts = Enumerable.Range(0, 8).Select(i => NewContact($"+1415555013{i}")).ToList();

        var results = await Task.WhenAll(contacts.Select(c => Task.Run(() => store.AddAsync(Owner, c))));

        Assert.All(results, Assert.Null);
        Assert.Equal(contacts.Count, (await store.ListAsync(Owner, null, null, 100)).Contacts.Count);
        Assert.Equal([$"{_prefix}contacts"], _warnings.Tables);
    }

    private Task DeleteTableAsync(string role) => azurite.NewServiceClient().DeleteTableAsync(_prefix + role);

    private static Contact NewContact(string phone) =>
        new(ContactShard.NewId(phone), phone, null, null, null, null, null, null, new Dictionary<string, string>(), T0, T0);

    private static ConversationSummary Summary(string id) =>
        new(id, Owner.TenantId, Owner.Environment, "uc_1", "+15550000001", "+15550000002", ConversationStatus.InProgress, true, null, null);

    /// <summary>The warnings logged, each naming the table created again.</summary>
    private sealed class Warnings : ILogger
    {
        private readonly ConcurrentQueue<string> _tables = new();

        public IReadOnlyList<string> Tables => [.. _tables];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning && state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                _tables.Enqueue(values.First(v => v.Key == "Table").Value as string ?? "");
            }
        }
    }
}
