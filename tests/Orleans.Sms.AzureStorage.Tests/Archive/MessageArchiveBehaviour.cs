using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using static Orleans.Sms.AzureStorage.Tests.Archive.TestMessages;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>
/// What every <see cref="IMessageArchive"/> does, run against each implementation (one subclass per implementation),
/// so the Azure Tables archive is held to the behaviour of the memory one. A new archive per test.
/// </summary>
public abstract class MessageArchiveBehaviour
{
    private const string Conversation = "conv_0123456789abcdef0123456789abcdef";

    /// <summary>Unrouted messages kept 30 days and, so that the cap is quick to reach, 5 per number.</summary>
    protected static readonly UnroutedRetention Retention = new(TimeSpan.FromDays(30), MaxPerNumber: 5);

    // Lazy with its default ExecutionAndPublication mode: exactly one archive per test, even when the first use is
    // from several tasks at once. (A bare `??=` let two racing tasks each create one, with a table of its own, and
    // write a message to the archive that lost the race.)
    private readonly Lazy<IMessageArchive> _archive;

    protected MessageArchiveBehaviour() => _archive = new(() => Create(Clock, Retention));

    /// <summary>The archive's clock, at <see cref="TestMessages.T0"/> to begin with.</summary>
    protected FakeTimeProvider Clock { get; } = new(TestMessages.T0);

    /// <summary>The test's one archive, created on first use (safe from concurrent tasks).</summary>
    protected IMessageArchive Archive => _archive.Value;

    /// <summary>A new, empty archive of the implementation under test.</summary>
    protected abstract IMessageArchive Create(TimeProvider clock, UnroutedRetention retention);

    [Fact]
    public async Task Read_UnknownConversation_ReturnsNothing()
    {
        Assert.Empty(await Archive.ReadAsync("conv_unknown", null, 10));
        Assert.Empty(await Archive.ReadAsync("conv_unknown", "ses_a", 10));
    }

    [Fact]
    public async Task AppendMany_StoresEveryMessageAndTheLaterCopyOfARepeatedOneWins()
    {
        var messages = Enumerable.Range(1, 120).Select(n => Message(n) with { ProviderMessageSid = $"SM{n}" }).ToList();
        messages.Add(messages[6] with { DeliveryStatus = DeliveryStatus.Delivered }); // message 7 again, newer
        await Archive.AppendAsync(Conversation, Message(200)); // already there: untouched

        await Archive.AppendManyAsync(Conversation, messages);
        await Archive.AppendManyAsync(Conversation, []); // nothing to do

        var read = await Archive.ReadAsync(Conversation, null, 500);
        Same(messages.Take(120).Select(m => m.MessageId == "msg_00007" ? messages[^1] : m).Append(Message(200)), read);
        Same(messages[^1], (await Archive.FindByProviderIdAsync(Conversation, "SM7"))!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Read_NonPositiveLimit_ReturnsNothing(int limit)
    {
        await Archive.AppendAsync(Conversation, Message(1));
        Assert.Empty(await Archive.ReadAsync(Conversation, null, limit));
    }

    [Fact]
    public async Task Read_MoreThanLimit_ReturnsNewestOldestFirst()
    {
        for (var n = 1; n <= 5; n++)
        {
            await Archive.AppendAsync(Conversation, Message(n));
        }
        Same([Message(3), Message(4), Message(5)], await Archive.ReadAsync(Conversation, null, 3));
        Same(Enumerable.Range(1, 5).Select(n => Message(n)), await Archive.ReadAsync(Conversation, null, 100));
    }

    [Fact]
    public async Task Read_ThousandMessages_PagesNewestFirst()
    {
        // Sessions a, b, c in turn: 334 + 333 + 333 messages.
        var sessions = new[] { "ses_a", "ses_b", "ses_c" };
        var all = Enumerable.Range(1, 1000).Select(n => Message(n, sessions[n % 3])).ToList();
        foreach (var message in all)
        {
            await Archive.AppendAsync(Conversation, message);
        }

        Same(all, await Archive.ReadAsync(Conversation, null, 1000));
        Same(all, await Archive.ReadAsync(Conversation, null, 5000));
        Same(all.Skip(750), await Archive.ReadAsync(Conversation, null, 250));
        Same([all[^1]], await Archive.ReadAsync(Conversation, null, 1));
        var sessionB = all.Where(m => m.SessionId == "ses_b").ToList();
        Same(sessionB.Skip(sessionB.Count - 100), await Archive.ReadAsync(Conversation, "ses_b", 100));
        Same(sessionB, await Archive.ReadAsync(Conversation, "ses_b", 1000));
    }

    [Fact]
    public async Task Read_WithSession_ReturnsOnlyThatSession()
    {
        await Archive.AppendAsync(Conversation, Message(1, "ses_a"));
        await Archive.AppendAsync(Conversation, Message(2, "ses_b"));
        await Archive.AppendAsync(Conversation, Message(3, "ses_a"));

        Same([Message(1, "ses_a"), Message(3, "ses_a")], await Archive.ReadAsync(Conversation, "ses_a", 10));
        Same([Message(2, "ses_b")], await Archive.ReadAsync(Conversation, "ses_b", 10));
        Assert.Empty(await Archive.ReadAsync(Conversation, "ses_none", 10));
    }

    [Fact]
    public async Task Append_SameMessageIdWithNewStatus_ReplacesIt()
    {
        var accepted = Message(1) with { DeliveryStatus = DeliveryStatus.Accepted };
        var sent = accepted with { ProviderMessageSid = "SM0001", DeliveryStatus = DeliveryStatus.Sent };
        var delivered = sent with { DeliveryStatus = DeliveryStatus.Delivered };

        await Archive.AppendAsync(Conversation, accepted);
        await Archive.AppendAsync(Conversation, sent);
        await Archive.AppendAsync(Conversation, delivered);

        Same([delivered], await Archive.ReadAsync(Conversation, null, 10));
    }

    [Fact]
    public async Task Append_EveryField_RoundTrips()
    {
        var message = new SmsMessage(
            "msg_full", "ses_full", MessageDirection.Outbound, MessageRole.System, MessageSource.System,
            string.Concat(Enumerable.Repeat("€ä😀\"'", 260)), TestMessages.T0.AddTicks(1234567), 21, SmsEncoding.Ucs2,
            "SM/full#1", DeliveryStatus.Undelivered, "30003", ["https://media.example/1.jpg", "https://media.example/2.png"]);

        await Archive.AppendAsync(Conversation, message);

        Same([message], await Archive.ReadAsync(Conversation, "ses_full", 1));
        Same(message, (await Archive.FindByProviderIdAsync(Conversation, "SM/full#1"))!);
    }

    [Fact]
    public async Task Conversations_AreKeptApart()
    {
        await Archive.AppendAsync(Conversation, Message(1) with { ProviderMessageSid = "SM1" });
        await Archive.SaveSessionAsync(Conversation, Session("ses_a", 0));

        Assert.Empty(await Archive.ReadAsync("conv_other", null, 10));
        Assert.Null(await Archive.FindByProviderIdAsync("conv_other", "SM1"));
        Assert.Empty(await Archive.ReadSessionsAsync("conv_other"));
    }

    [Fact]
    public async Task FindByProviderId_AfterStatusUpdates_ReturnsTheLatestCopy()
    {
        var sent = Message(1) with { ProviderMessageSid = "SM0001", DeliveryStatus = DeliveryStatus.Sent };
        await Archive.AppendAsync(Conversation, sent);
        await Archive.AppendAsync(Conversation, sent with { DeliveryStatus = DeliveryStatus.Delivered });

        var found = await Archive.FindByProviderIdAsync(Conversation, "SM0001");

        Same(sent with { DeliveryStatus = DeliveryStatus.Delivered }, found!);
        Assert.Null(await Archive.FindByProviderIdAsync(Conversation, "SM9999"));
    }

    [Fact]
    public async Task SaveSession_SameIdAgain_ReplacesItInPlace()
    {
        await Archive.SaveSessionAsync(Conversation, Session("ses_1", 0));
        await Archive.SaveSessionAsync(Conversation, Session("ses_2", 10));
        await Archive.SaveSessionAsync(Conversation, Session("ses_1", 0, SessionState.Ended));
        await Archive.SaveSessionAsync(Conversation, Session("ses_3", 20));

        Assert.Equal(
            [Session("ses_1", 0, SessionState.Ended), Session("ses_2", 10), Session("ses_3", 20)],
            await Archive.ReadSessionsAsync(Conversation));
    }

    [Fact]
    public async Task ReadSessions_UnknownConversation_ReturnsNothing() =>
        Assert.Empty(await Archive.ReadSessionsAsync("conv_unknown"));

    [Fact]
    public async Task KeepUnrouted_SameProviderIdTwice_KeepsTheFirstOnce()
    {
        await Archive.KeepUnroutedAsync(Inbound("SM1", "+15550000001", "first"), TestMessages.T0);
        await Archive.KeepUnroutedAsync(Inbound("SM1", "+15550000001", "retry"), TestMessages.T0.AddSeconds(5));

        var kept = Assert.Single(await Archive.ReadUnroutedAsync("+15550000001"));
        Same(Inbound("SM1", "+15550000001", "first"), kept);
    }

    [Fact]
    public async Task ReadUnrouted_ReturnsOneNumbersMessagesOldestFirst()
    {
        var media = Inbound("SM3", "+15550000002") with { Media = ["https://media.example/a.jpg"] };
        await Archive.KeepUnroutedAsync(Inbound("SM2", "+15550000002"), TestMessages.T0.AddSeconds(1));
        await Archive.KeepUnroutedAsync(Inbound("SM9", "+15550000003"), TestMessages.T0.AddSeconds(2));
        await Archive.KeepUnroutedAsync(media, TestMessages.T0.AddSeconds(3));

        var kept = await Archive.ReadUnroutedAsync("+15550000002");

        Assert.Equal(["SM2", "SM3"], kept.Select(m => m.ProviderMessageId));
        Same(media, kept[1]);
        Assert.Empty(await Archive.ReadUnroutedAsync("+15550000004"));
    }

    [Fact]
    public async Task KeepUnrouted_PastTheCap_KeepsTheNewestOfEachNumberOnly()
    {
        for (var n = 1; n <= 8; n++)
        {
            await Archive.KeepUnroutedAsync(Inbound($"SM{n}", "+15550000005"), TestMessages.T0.AddSeconds(n));
        }
        await Archive.KeepUnroutedAsync(Inbound("SM8", "+15550000005", "retry"), TestMessages.T0.AddSeconds(9)); // kept: no copy
        await Archive.KeepUnroutedAsync(Inbound("SM1", "+15550000006"), TestMessages.T0.AddSeconds(10)); // another number

        Assert.Equal(["SM4", "SM5", "SM6", "SM7", "SM8"], (await Archive.ReadUnroutedAsync("+15550000005")).Select(m => m.ProviderMessageId));
        Assert.Equal("hi", (await Archive.ReadUnroutedAsync("+15550000005"))[^1].Body);
        Assert.Equal(["SM1"], (await Archive.ReadUnroutedAsync("+15550000006")).Select(m => m.ProviderMessageId));
    }

    [Fact]
    public async Task KeepUnrouted_ThirtyDaysLater_IsGone()
    {
        await Archive.KeepUnroutedAsync(Inbound("SM1", "+15550000007"), Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromDays(29));
        await Archive.KeepUnroutedAsync(Inbound("SM2", "+15550000007"), Clock.GetUtcNow());
        Assert.Equal(["SM1", "SM2"], (await Archive.ReadUnroutedAsync("+15550000007")).Select(m => m.ProviderMessageId));

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["SM2"], (await Archive.ReadUnroutedAsync("+15550000007")).Select(m => m.ProviderMessageId));
        await Archive.KeepUnroutedAsync(Inbound("SM3", "+15550000007"), Clock.GetUtcNow()); // prunes what expired
        Assert.Equal(["SM2", "SM3"], (await Archive.ReadUnroutedAsync("+15550000007")).Select(m => m.ProviderMessageId));

        Clock.Advance(TimeSpan.FromDays(30));
        Assert.Empty(await Archive.ReadUnroutedAsync("+15550000007"));
    }

    [Fact]
    public async Task KeepUnrouted_ConcurrentlyFromTenTasks_KeepsTheCapAndNoCopy()
    {
        await Task.WhenAll(Enumerable.Range(0, 10).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await Archive.KeepUnroutedAsync(Inbound($"SM{t}_{i}", "+15550000008"), TestMessages.T0);
                await Archive.KeepUnroutedAsync(Inbound("SMshared", "+15550000008"), TestMessages.T0);
            }
        })));

        var kept = await Archive.ReadUnroutedAsync("+15550000008");

        Assert.Equal(Retention.MaxPerNumber, kept.Count);
        Assert.Equal(kept.Count, kept.Select(m => m.ProviderMessageId).Distinct().Count());
    }

    [Fact]
    public async Task Append_ConcurrentlyFromTenTasks_KeepsEveryMessageOnce()
    {
        var tasks = Enumerable.Range(0, 10).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var message = Message(t * 20 + i + 1);
                await Archive.AppendAsync(Conversation, message);
                // Every task also re-appends one shared message: still one copy.
                await Archive.AppendAsync(Conversation, Message(999) with { DeliveryStatus = DeliveryStatus.Sent });
            }
        }));
        await Task.WhenAll(tasks);

        var read = await Archive.ReadAsync(Conversation, null, 1000);

        var expected = Enumerable.Range(1, 200).Append(999).Select(n => Message(n).MessageId).ToList();
        var ids = read.Select(m => m.MessageId).ToList();
        var missing = expected.Except(ids).ToList();
        var extra = ids.Where(id => !expected.Contains(id)).Concat(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key)).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && ids.Count == expected.Count,
            $"Read {ids.Count} of {expected.Count}; missing [{string.Join(", ", missing)}]; unexpected or repeated [{string.Join(", ", extra)}].");
        Assert.Equal(DeliveryStatus.Sent, read.Single(m => m.MessageId == Message(999).MessageId).DeliveryStatus);
    }
}
