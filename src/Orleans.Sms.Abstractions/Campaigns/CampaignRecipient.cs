namespace Orleans.Sms.Campaigns;

/// <summary>Where one recipient of a campaign is (docs/api.md: Campaigns).</summary>
[GenerateSerializer]
public enum RecipientStatus
{
    /// <summary>Waiting for its turn.</summary>
    Pending,
    /// <summary>Its turn came outside quiet hours' window: it goes when the window opens.</summary>
    Held,
    /// <summary>Recorded for sending; the outcome is not known yet.</summary>
    Sending,
    /// <summary>The provider took the message.</summary>
    Sent,
    /// <summary>The carrier delivered it.</summary>
    Delivered,
    /// <summary>The provider refused it, the carrier did not deliver it, or its outcome could not be confirmed.</summary>
    Failed,
    /// <summary>Not sent: opted out, a template variable without value, or a text too long.</summary>
    Skipped,
    /// <summary>The campaign was cancelled before its turn.</summary>
    Cancelled,
}

/// <summary>One recipient of a campaign as the API shows it.</summary>
/// <param name="ContactId">Its contact.</param>
/// <param name="PhoneNumber">E.164.</param>
/// <param name="Status">Where it is.</param>
/// <param name="MessageId">The message sent to it.</param>
/// <param name="ConversationId">The conversation the message went out in.</param>
/// <param name="From">The sender number.</param>
/// <param name="Body">The filled text.</param>
/// <param name="ErrorCode">Why it was skipped or failed.</param>
/// <param name="SentAt">When the message was handed over.</param>
/// <param name="Replied">It wrote back after the campaign's message.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignRecipientView")]
public sealed record class CampaignRecipientView(
    [property: Id(0)] string? ContactId,
    [property: Id(1)] string PhoneNumber,
    [property: Id(2)] RecipientStatus Status,
    [property: Id(3)] string? MessageId,
    [property: Id(4)] string? ConversationId,
    [property: Id(5)] string? From,
    [property: Id(6)] string? Body,
    [property: Id(7)] string? ErrorCode,
    [property: Id(8)] DateTimeOffset? SentAt,
    [property: Id(9)] bool Replied);

/// <summary>A page of recipients and the cursor of the next one (null at the end).</summary>
/// <param name="Recipients">This page.</param>
/// <param name="NextCursor">Where the next page starts.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignRecipientPage")]
public sealed record class CampaignRecipientPage(
    [property: Id(0)] IReadOnlyList<CampaignRecipientView> Recipients,
    [property: Id(1)] string? NextCursor);

/// <summary>What adding recipients did (docs/api.md: Campaigns): <c>row</c> is the 1-based index in the list.</summary>
/// <param name="Added">New recipients.</param>
/// <param name="AlreadyPresent">Numbers in the campaign already (or repeated in the list).</param>
/// <param name="Failed">Entries that could not be added.</param>
/// <param name="Errors">Why, per entry.</param>
[GenerateSerializer, Immutable, Alias("sms.RecipientsAdded")]
public sealed record class RecipientsAdded(
    [property: Id(0)] int Added,
    [property: Id(1)] int AlreadyPresent,
    [property: Id(2)] int Failed,
    [property: Id(3)] IReadOnlyList<RecipientAddError> Errors);

/// <summary>One entry that could not be added.</summary>
/// <param name="Row">1-based index in the list.</param>
/// <param name="Code">Error code.</param>
/// <param name="Value">The entry as given.</param>
[GenerateSerializer, Immutable, Alias("sms.RecipientAddError")]
public sealed record class RecipientAddError(
    [property: Id(0)] int Row,
    [property: Id(1)] string Code,
    [property: Id(2)] string Value);
