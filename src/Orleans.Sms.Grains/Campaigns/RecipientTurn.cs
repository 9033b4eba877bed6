using Orleans.Sms.Contacts;
using Orleans.Sms.Errors;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Campaigns;

/// <summary>What comes of a recipient whose turn has come: its text, or why it waits, or why it is skipped.</summary>
/// <param name="Body">The filled text, when it may be sent now.</param>
/// <param name="HoldUntil">When quiet hours let it go, when they hold it.</param>
/// <param name="SkipCode">Why it is skipped (<c>template_variable_missing</c>, <c>invalid_message</c>).</param>
public sealed record class TurnDecision(string? Body, DateTimeOffset? HoldUntil, string? SkipCode);

/// <summary>
/// The rules of one recipient's turn (docs/api.md: Campaigns) as a plain type: the template is filled from the contact as it is
/// now (a recipient with no contact any more fills from its number alone), a text that cannot be filled or is too long is
/// skipped, and quiet hours in the recipient's time zones hold it. Opt-outs are the send path's to check.
/// </summary>
public static class RecipientTurn
{
    public static TurnDecision Decide(
        MessageTemplate template, CampaignRecipient recipient, Contact? contact, QuietHoursSettings quietHours, DateTimeOffset now)
    {
        var filled = template.Fill(contact ?? Bare(recipient.PhoneNumber, now));
        if (!filled.Succeeded)
        {
            return new TurnDecision(null, null, SmsErrorCodes.TemplateVariableMissing);
        }
        if (filled.IsTooLong)
        {
            return new TurnDecision(null, null, SmsErrorCodes.InvalidMessage);
        }
        return QuietHours.HoldUntil(quietHours, recipient.PhoneNumber, now) is { } until
            ? new TurnDecision(null, until, null)
            : new TurnDecision(filled.Text, null, null);
    }

    private static Contact Bare(string phoneNumber, DateTimeOffset now) =>
        new("", phoneNumber, null, null, null, null, null, null, new Dictionary<string, string>(), now, now);
}
