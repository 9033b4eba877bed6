using Orleans.Sms.Providers;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// When a campaign message that Twilio dropped from its queue (<see cref="ProviderException.QueueOverflow"/>) is sent
/// again: it never reached a carrier, so sending it again is not a second send. The recipient is <c>held</c> for a
/// back-off that grows fourfold (1, 4, 16 minutes), then goes as any held recipient does (quiet hours, pacing and the
/// sender pool apply again, with a new message id); the overflow after the last resend fails it with the provider's code.
/// </summary>
public static class OverflowResend
{
    /// <summary>How many times one recipient is sent again after an overflow.</summary>
    public const int MaxResends = 3;

    /// <summary>The back-off before the first resend; each later one waits four times the one before.</summary>
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When <paramref name="recipient"/>, whose message failed with <paramref name="errorCode"/> at
    /// <paramref name="now"/>, is to be sent again; null when it is not (another error, or its resends are used up).
    /// </summary>
    public static DateTimeOffset? ResendAt(CampaignRecipient recipient, string? errorCode, DateTimeOffset now) =>
        errorCode == ProviderException.QueueOverflow && recipient.Resends < MaxResends
            ? now + FirstBackOff * Math.Pow(4, recipient.Resends)
            : null;
}
