using Microsoft.Extensions.Logging;
using Orleans.Sms.Providers;
using Orleans.Sms.Twilio.Http;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using TwilioPhoneNumber = Twilio.Types.PhoneNumber;

namespace Orleans.Sms.Twilio;

/// <summary>
/// Sends through Twilio's Messages API (<c>POST /2010-04-01/Accounts/{AC}/Messages.json</c>) with the official SDK.
/// The status callback URL carries the engine's message id (<c>?mid=</c>) so a callback can be matched even when the
/// Twilio SID of the message was never recorded (a send whose answer was lost).
/// </summary>
/// <remarks>
/// A send is never retried here after a timeout, a broken connection or a 500: Twilio may have accepted it, so a retry could
/// double-send. Such a failure is a transient <see cref="ProviderException"/> with <see cref="ProviderException.OutcomeUnknown"/>;
/// the engine then looks the message up (<see cref="FindAsync"/>) before it sends again (docs/api.md: Boundaries).
/// </remarks>
public sealed class TwilioSmsSender(
    ITwilioRestClient client,
    IOptions<TwilioProviderOptions> options,
    ILogger<TwilioSmsSender> logger) : ISmsSender
{
    /// <inheritdoc />
    public async Task<SendReceipt> SendAsync(OutboundSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        cancellationToken.ThrowIfCancellationRequested();
        using var call = TwilioCall.Begin(cancellationToken);
        try
        {
            var message = await MessageResource.CreateAsync(
                new CreateMessageOptions(new TwilioPhoneNumber(sms.To))
                {
                    From = new TwilioPhoneNumber(sms.From),
                    Body = sms.Body,
                    StatusCallback = options.Value.StatusCallbackUrl(sms.MessageId),
                },
                client).ConfigureAwait(false);
            return new SendReceipt(message.Sid, TwilioMessageStatus.ToDeliveryStatus(message.Status?.ToString()));
        }
        catch (Exception ex) when (TwilioFailures.IsCallFailure(ex))
        {
            var failure = TwilioFailures.Translate(ex, call, $"send message {sms.MessageId}");
            if (failure is ProviderException provider)
            {
                logger.LogWarning(
                    "Twilio send of message {MessageId} failed (transient: {Transient}, code: {ErrorCode}): {Reason}",
                    sms.MessageId, provider.Transient, provider.ErrorCode, provider.Message);
            }
            throw failure;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /2010-04-01/Accounts/{AC}/Messages.json?To=…&amp;From=…&amp;DateSent&gt;=…</c>, one page of the newest 50,
    /// matched by sender and body. The date filter starts a minute before <paramref name="since"/> (clock skew), and
    /// Twilio lists a message by its send date: one still queued at Twilio may not be listed yet, which is why the
    /// engine waits before its first lookup.
    /// </remarks>
    public async Task<IReadOnlyList<SendReceipt>> FindAsync(OutboundSms sms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        cancellationToken.ThrowIfCancellationRequested();
        using var call = TwilioCall.Begin(cancellationToken);
        try
        {
            var listed = await MessageResource.ReadAsync(
                new ReadMessageOptions
                {
                    To = new TwilioPhoneNumber(sms.To),
                    From = new TwilioPhoneNumber(sms.From),
                    DateSentAfter = since.UtcDateTime.AddMinutes(-1),
                    PageSize = LookupPage,
                    Limit = LookupPage,
                },
                client).ConfigureAwait(false);
            return [.. listed
                .Where(m => m.Body == sms.Body && m.From?.ToString() == sms.From && m.Sid is not null)
                .Select(m => new SendReceipt(m.Sid, TwilioMessageStatus.ToDeliveryStatus(m.Status?.ToString())))];
        }
        catch (Exception ex) when (TwilioFailures.IsCallFailure(ex))
        {
            var failure = TwilioFailures.Translate(ex, call, $"look up message {sms.MessageId}");
            logger.LogWarning("Twilio lookup of message {MessageId} failed: {Reason}", sms.MessageId, failure.Message);
            throw failure;
        }
    }

    private const int LookupPage = 50;
}
