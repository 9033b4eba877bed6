using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Contacts;
using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.Contacts;

/// <summary>A batch of import rows against the memory store (the reference store; the table store is held to the same behaviour).</summary>
public sealed class ContactImportBatchTests
{
    private static readonly ResourceOwner Owner = new("ten_batch", "live");
    private readonly MemoryContactStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private static ImportRow Row(int row, string phone, params (string Member, string Value)[] cells) => new(row, new ContactChanges(
        cells.Where(c => !c.Member.StartsWith("fields.", StringComparison.Ordinal)).Append((ContactMembers.PhoneNumber, phone)).ToDictionary(c => c.Item1, c => (string?)c.Item2),
        cells.Where(c => c.Member.StartsWith("fields.", StringComparison.Ordinal)).ToDictionary(c => c.Member[7..], c => (string?)c.Value)), null);

    private ContactImportBatch Batch() => new(_store, Owner, _clock);

    private static string? Column(string member) => member switch { "phone_number" => "Phone", "name" => "Name", _ => "Other" };

    [Fact]
    public async Task AllNew_AreCreatedTogether()
    {
        var (result, _) = await Batch().ApplyAsync([Row(1, "+14155550001", ("name", "A")), Row(2, "+14155550002", ("name", "B"))], Column, default);

        Assert.Equal((2, 2, 0, 0), (result.ProcessedThrough, result.Created, result.Updated, result.Errors.Count));
        Assert.Equal("B", (await _store.FindByPhoneAsync(Owner, "+14155550002"))!.Contact.Name);
    }

    [Fact]
    public async Task SomeExisting_AreUpdatedWithTheirGivenCellsOnlyAndTheRestCreated()
    {
        await Batch().ApplyAsync([Row(1, "+14155550003", ("name", "Kept"), ("company", "Old"))], Column, default);

        var (result, _) = await Batch().ApplyAsync([Row(7, "+14155550003", ("company", "New")), Row(8, "+14155550004", ("name", "Fresh"))], Column, default);

        Assert.Equal((8, 1, 1), (result.ProcessedThrough, result.Created, result.Updated));
        var updated = (await _store.FindByPhoneAsync(Owner, "+14155550003"))!.Contact;
        Assert.Equal(("Kept", "New"), (updated.Name, updated.Company));
    }

    [Fact]
    public async Task RowErrorsAndRulesBrokenAgainstTheExistingContact_AreFailedRowsInOrder()
    {
        var fifty = Enumerable.Range(0, 50).Select(i => ($"fields.f{i}", "v")).ToArray();
        await Batch().ApplyAsync([Row(1, "+14155550005", fifty)], Column, default);
        var unreadable = new ImportRow(3, null, new ImportRowError(3, null, "invalid_row", "a,b"));

        var (result, _) = await Batch().ApplyAsync([Row(2, "+14155550005", ("fields.one_more", "x")), unreadable, Row(4, "+14155550006")], Column, default);

        Assert.Equal((1, 0), (result.Created, result.Updated));
        Assert.Equal([(2, "Other", "invalid_contact"), (3, (string?)null, "invalid_row")], result.Errors.Select(e => (e.Row, e.Column, e.Code)));
    }

    [Fact]
    public async Task Contacts_AreThoseOfTheRowsThatMadeOrChangedOne_InRowOrder()
    {
        await Batch().ApplyAsync([Row(1, "+14155550007", ("name", "Old"))], Column, default);
        var existing = (await _store.FindByPhoneAsync(Owner, "+14155550007"))!.Contact.ContactId;
        var unreadable = new ImportRow(5, null, new ImportRowError(5, null, "invalid_row", "a,b"));

        var (result, contacts) = await Batch().ApplyAsync([Row(4, "+14155550008"), unreadable, Row(6, "+14155550007", ("name", "New"))], Column, default);

        Assert.Equal((1, 1, 1), (result.Created, result.Updated, result.Errors.Count));
        var made = (await _store.FindByPhoneAsync(Owner, "+14155550008"))!.Contact.ContactId;
        Assert.Equal([("+14155550008", made), ("+14155550007", existing)], contacts.Select(c => (c.PhoneNumber, c.ContactId)));
    }
}
