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
/// A send is never retried after a timeout or a broken connection: Twilio may have accepted it, so a retry could
/// double-send. Such a failure is a transient <see cref="ProviderException"/> without error code; the engine decides
/// (and the status callback tells what happened).
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
}
