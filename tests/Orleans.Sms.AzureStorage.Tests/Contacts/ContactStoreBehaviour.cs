using Orleans.Sms.Contacts;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.AzureStorage.Tests.Contacts;

/// <summary>What every contact store does: one contact per number per owner, conditional writes, ordered pages.</summary>
public abstract class ContactStoreBehaviour
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static int _owners;

    protected abstract IContactStore Create();

    private static ResourceOwner NewOwner() => new($"ten_store{Interlocked.Increment(ref _owners)}_{Guid.NewGuid():N}", "live");

    private static Contact NewContact(string phone, string? name = null, IReadOnlyDictionary<string, string>? fields = null) =>
        new(ContactShard.NewId(phone), phone, name, null, null, null, null, null, fields ?? new Dictionary<string, string>(), T0, T0);

    [Fact]
    public async Task Add_IsFoundByNumberAndByIdAndNotByAnotherOwner()
    {
        var store = Create();
        var owner = NewOwner();
        var contact = NewContact("+14155550100", "Ann", new Dictionary<string, string> { ["plan"] = "gold" });

        Assert.Null(await store.AddAsync(owner, contact));

        Assert.Equal(contact.ContactId, (await store.FindByPhoneAsync(owner, "+14155550100"))!.Contact.ContactId);
        var read = (await store.GetAsync(owner, contact.ContactId))!.Contact;
        Assert.Equal(("Ann", "gold", T0), (read.Name, read.Fields["plan"], read.CreatedAt));
        Assert.Null(await store.GetAsync(owner with { Environment = "sandbox" }, contact.ContactId));
        Assert.Null(await store.FindByPhoneAsync(NewOwner(), "+14155550100"));
    }

    [Fact]
    public async Task Add_RacingForOneNumber_ExactlyOneWinsAndTheOthersLearnItsId()
    {
        var store = Create();
        var owner = NewOwner();
        var contacts = Enumerable.Range(0, 12).Select(i => NewContact("+14155550101", $"Racer {i}")).ToList();

        var results = await Task.WhenAll(contacts.Select(c => Task.Run(() => store.AddAsync(owner, c))));

        var winner = Assert.Single(contacts, c => results[contacts.IndexOf(c)] is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(winner.ContactId, r));
        Assert.Equal(winner.ContactId, (await store.FindByPhoneAsync(owner, "+14155550101"))!.Contact.ContactId);
    }

    [Fact]
    public async Task Replace_StaleVersionOrTakenNumber_IsRefusedAndANewNumberMovesTheLookup()
    {
        var store = Create();
        var owner = NewOwner();
        var ann = NewContact("+14155550102", "Ann");
        var bob = NewContact("+14155550103", "Bob");
        await store.AddAsync(owner, ann);
        await store.AddAsync(owner, bob);
        var read = (await store.GetAsync(owner, ann.ContactId))!;

        Assert.True((await store.ReplaceAsync(owner, read, ann with { Name = "Ann 2" })).Replaced);
        Assert.Equal(ContactReplace.Stale, await store.ReplaceAsync(owner, read, ann with { Name = "Lost update" }));
        var current = (await store.GetAsync(owner, ann.ContactId))!;
        Assert.Equal(bob.ContactId, (await store.ReplaceAsync(owner, current, current.Contact with { PhoneNumber = bob.PhoneNumber })).PhoneTakenBy);
        Assert.True((await store.ReplaceAsync(owner, current, current.Contact with { PhoneNumber = "+14155550104" })).Replaced);

        Assert.Null(await store.FindByPhoneAsync(owner, "+14155550102"));
        Assert.Equal(("Ann 2", "+14155550104"), ((await store.GetAsync(owner, ann.ContactId))!.Contact.Name, (await store.FindByPhoneAsync(owner, "+14155550104"))!.Contact.PhoneNumber));
    }

    [Fact]
    public async Task Delete_StaleVersion_IsRefusedAndTheNumberIsFreeAfterwards()
    {
        var store = Create();
        var owner = NewOwner();
        var ann = NewContact("+14155550105", "Ann");
        await store.AddAsync(owner, ann);
        var read = (await store.GetAsync(owner, ann.ContactId))!;
        await store.ReplaceAsync(owner, read, ann with { Name = "Changed" });

        Assert.False(await store.DeleteAsync(owner, read));
        Assert.True(await store.DeleteAsync(owner, (await store.GetAsync(owner, ann.ContactId))!));

        Assert.Null(await store.GetAsync(owner, ann.ContactId));
        Assert.Null(await store.AddAsync(owner, NewContact("+14155550105")));
    }

    [Fact]
    public async Task AddAll_AddsWhatItCanAndReturnsTheRestWithEveryTakenNumberAmongThem()
    {
        var store = Create();
        var owner = NewOwner();
        var holder = NewContact("+14155550107");
        await store.AddAsync(owner, holder);
        var batch = Enumerable.Range(0, 200).Select(i => NewContact($"+1415556{i:D4}")).Append(NewContact("+14155550107")).ToList();

        var notAdded = await store.AddAllAsync(owner, batch);

        Assert.Contains(batch[^1], notAdded);
        foreach (var contact in batch.Except(notAdded))
        {
            Assert.Equal(contact.ContactId, (await store.FindByPhoneAsync(owner, contact.PhoneNumber))!.Contact.ContactId);
        }
        foreach (var contact in notAdded.Where(c => c != batch[^1]))
        {
            Assert.Null(await store.FindByPhoneAsync(owner, contact.PhoneNumber)); // refused with the taken number's write: not half there
        }
        Assert.Equal(holder.ContactId, (await store.FindByPhoneAsync(owner, "+14155550107"))!.Contact.ContactId);
    }

    [Fact]
    public async Task Replace_MovingANumberAgainAndAgain_LeavesEachOldNumberFreeAndTheIdStable()
    {
        var store = Create();
        var owner = NewOwner();
        var contact = NewContact("+14155550400", "Mover");
        await store.AddAsync(owner, contact);

        for (var i = 1; i <= 5; i++)
        {
            var current = (await store.GetAsync(owner, contact.ContactId))!;
            Assert.True((await store.ReplaceAsync(owner, current, current.Contact with { PhoneNumber = $"+1415555040{i}" })).Replaced);
            Assert.Null(await store.FindByPhoneAsync(owner, $"+1415555040{i - 1}"));
        }

        Assert.Equal(contact.ContactId, (await store.FindByPhoneAsync(owner, "+14155550405"))!.Contact.ContactId);
        Assert.Null(await store.AddAsync(owner, NewContact("+14155550400")));
        Assert.Equal(contact.ContactId, await store.AddAsync(owner, NewContact("+14155550405")));
    }

    [Fact]
    public async Task List_PagesThroughEveryContactOnceAndFiltersByQuery()
    {
        var store = Create();
        var owner = NewOwner();
        for (var i = 29; i >= 0; i--)
        {
            await store.AddAsync(owner, NewContact($"+141555502{i:D2}", i % 3 == 0 ? $"Acme person {i}" : $"Other {i}"));
        }

        var numbers = new List<string>();
        string? after = null;
        do
        {
            var page = await store.ListAsync(owner, null, after, 4);
            numbers.AddRange(page.Contacts.Select(c => c.PhoneNumber));
            after = page.ContinueAfter;
        }
        while (after is not null);
        var acme = await store.ListAsync(owner, "acme", null, 50);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"+141555502{i:D2}"), numbers.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"+141555502{i * 3:D2}"), acme.Contacts.Select(c => c.PhoneNumber).Order(StringComparer.Ordinal));
        Assert.Null(acme.ContinueAfter);
    }

    [Fact]
    public async Task Add_FiftyFieldsOfAThousandCharacters_RoundTrip()
    {
        var store = Create();
        var owner = NewOwner();
        var fields = Enumerable.Range(0, 50).ToDictionary(i => $"field_{i}", i => new string((char)('a' + i % 26), 1000));
        var contact = NewContact("+14155550300", "Wide", fields);

        await store.AddAsync(owner, contact);

        Assert.Equal(fields.OrderBy(f => f.Key), (await store.FindByPhoneAsync(owner, "+14155550300"))!.Contact.Fields.OrderBy(f => f.Key));
    }
}
