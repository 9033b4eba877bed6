using Orleans.Sms.Campaigns;
using Orleans.Sms.Contacts;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class RecipientTurnTests
{
    private const string NewYork = "+12125550123";
    private static readonly DateTimeOffset Noon = new(2027, 1, 5, 17, 0, 0, TimeSpan.Zero); // 12:00 in New York
    private static readonly DateTimeOffset Night = new(2027, 1, 5, 3, 0, 0, TimeSpan.Zero); // 22:00 the day before

    private static CampaignRecipient Recipient(string? contactId = "ct_1") => new(1, NewYork, contactId, RecipientStatus.Pending);

    private static Contact Ann(string? firstName = "Ann") =>
        new("ct_1", NewYork, firstName, firstName, null, null, null, null, new Dictionary<string, string>(), Noon, Noon);

    private static MessageTemplate Template(string text) => MessageTemplate.Parse(text).Template!;

    [Fact]
    public void InTheWindow_TheFilledTextGoes()
    {
        var turn = RecipientTurn.Decide(Template("Hi {first_name}"), Recipient(), Ann(), QuietHoursSettings.Default, Noon);
        Assert.Equal(new TurnDecision("Hi Ann", null, null), turn);
    }

    [Fact]
    public void OutsideTheWindow_ItIsHeldUntilItOpens()
    {
        var turn = RecipientTurn.Decide(Template("Hi {first_name}"), Recipient(), Ann(), QuietHoursSettings.Default, Night);
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 13, 0, 0, TimeSpan.Zero), turn.HoldUntil); // 08:00 EST
        Assert.Null(turn.Body);
    }

    [Fact]
    public void AMissingVariable_IsSkipped_EvenAtNight()
    {
        var turn = RecipientTurn.Decide(Template("Hi {first_name}"), Recipient(), Ann(firstName: " "), QuietHoursSettings.Default, Night);
        Assert.Equal("template_variable_missing", turn.SkipCode);
    }

    [Fact]
    public void ADeletedContact_FillsFromTheNumberAlone()
    {
        var template = Template("Hi {first_name|there}, this is for {phone_number}");
        Assert.Equal("Hi there, this is for " + NewYork, RecipientTurn.Decide(template, Recipient(), null, QuietHoursSettings.Default, Noon).Body);
    }

    [Fact]
    public void AFilledTextOverTheLimit_IsSkippedAsInvalidMessage()
    {
        var contact = Ann() with { Fields = new Dictionary<string, string> { ["note"] = new string('x', 1000) } };
        var turn = RecipientTurn.Decide(Template("{fields.note}{fields.note}"), Recipient(), contact, QuietHoursSettings.Default, Noon);
        Assert.Equal("invalid_message", turn.SkipCode);
    }
}
