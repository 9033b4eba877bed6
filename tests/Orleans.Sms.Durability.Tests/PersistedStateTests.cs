using System.Net;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// State the engine wrote before a restart is readable after it, in the shapes the grains really write: a
/// conversation with an agent turn still owed, a tenant's usage counted on the usage grain's timer.
/// </summary>
public sealed class PersistedStateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The agent is down, so the conversation keeps the customer's message as an owed agent turn in its state
    /// (README.md: Agents: nothing is lost, the next message retries the turn). The same state exists, more briefly, while
    /// any agent works on a turn, and a crash meanwhile leaves it in storage.
    /// </summary>
    [Fact]
    public async Task Conversation_WithAnOwedAgentTurn_IsBackAfterARestart()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("owed"))
            .With("Sms:Agent:Webhook:MaxAttempts", "1")
            .With("Sms:Agent:Webhook:AttemptTimeout", "00:00:02");
        var (number, customer) = (SmsApi.NewNumber("646"), SmsApi.NewNumber("917"));
        InProcessHost? first = new(engine.ForInstance());
        InProcessHost? second = null;
        try
        {
            var api = await SmsApi.CreateTenantAsync(first.CreateClient(), engine.AdminKey, "Agent Down");
            await api.RegisterNumberAsync(number);
            var downAgent = new { type = "webhook", url = $"http://127.0.0.1:{Ports.Free()}/agent", secret = "s3cret" };
            var useCaseId = await api.CreateUseCaseAsync("Front desk", downAgent);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);
            var sid = SmsApi.NewMessageSid();
            var accepted = await SmsApi.ReadAsync(await api.InboundAsync(customer, number, "Please call me back", sid));
            var conversationId = accepted.Str("conversation_id");
            await Eventually.UntilAsync(() => api.ConversationAsync(conversationId), c => c.Str("status") == "follow_up",
                "the failed agent turn to be recorded (status follow_up)", Deadline);

            await first.DisposeAsync();
            first = null;
            second = new InProcessHost(engine.ForInstance());
            var again = api.On(second.CreateClient());

            var read = await again.GetAsync($"/v1/conversations/{conversationId}");
            Assert.True(read.StatusCode == HttpStatusCode.OK,
                $"The conversation answered {(int)read.StatusCode} after the restart: {await read.Content.ReadAsStringAsync()}");
            Assert.Single((await SmsApi.ReadAsync(read)).Messages(), m => m.Str("provider_message_sid") == sid);
            Assert.Equal(HttpStatusCode.Accepted, (await again.InboundAsync(customer, number, "Anyone?", SmsApi.NewMessageSid())).StatusCode);
        }
        finally
        {
            await DisposeAsync(first, second);
        }
    }

    [Fact]
    public async Task Usage_CountedBeforeARestart_IsThereAfterIt()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("usage"));
        var number = SmsApi.NewNumber("646");
        InProcessHost? first = new(engine.ForInstance());
        InProcessHost? second = null;
        try
        {
            var api = await SmsApi.CreateTenantAsync(first.CreateClient(), engine.AdminKey, "Usage Clinic");
            await api.RegisterNumberAsync(number);
            var useCaseId = await api.CreateUseCaseAsync("Reminders", agent: null);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.InboundAsync(SmsApi.NewNumber("917"), number, "Hello", SmsApi.NewMessageSid())).StatusCode);
            }
            // The day they were counted on and the next: a run across midnight counts some on either (an asked "today" failed).
            var day = DateTimeOffset.UtcNow.AddMinutes(-5);
            var path = FormattableString.Invariant($"/v1/usage?from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}");
            // Usage is owed by each conversation and handed to the usage grain shortly after the message is stored.
            var before = await Eventually.UntilAsync(
                async () => (await SmsApi.ReadAsync(await api.GetAsync(path))).GetProperty("totals"),
                totals => totals.GetProperty("inbound_messages").GetInt64() == 3, "the three messages to be counted", TimeSpan.FromSeconds(15));

            // The usage grain answers a conversation once its counts are written: its row in the grain state table (named
            // after the state, "usage") is there, as a crash or a restart may come any time.
            var grains = new TableClient(azurite.ConnectionString, new SmsTableNames(engine.TablePrefix).GrainState);
            await Eventually.TrueAsync(
                async () => await grains.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"usage"}")).AnyAsync(),
                "the usage grain to write the counts to storage", TimeSpan.FromSeconds(15));

            await first.DisposeAsync();
            first = null;
            second = new InProcessHost(engine.ForInstance());
            var after = (await SmsApi.ReadAsync(await api.On(second.CreateClient()).GetAsync(path))).GetProperty("totals");
            output.WriteLine($"usage before the restart {before}, after it {after}");
            Assert.Equal(before.ToString(), after.ToString());
        }
        finally
        {
            await DisposeAsync(first, second);
        }
    }

    private static async Task DisposeAsync(params InProcessHost?[] hosts)
    {
        foreach (var host in hosts)
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }
}
