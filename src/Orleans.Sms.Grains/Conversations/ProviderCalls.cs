using Microsoft.Extensions.Logging;
using Orleans.Sms.Messaging;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Conversations;

/// <summary>
/// A conversation's calls to its provider, each bounded in time, and what came of them: never an exception, so that the
/// caller records the outcome on the message (taken, refused, not taken, unknown; for a lookup found, absent, failed).
/// </summary>
internal sealed class ProviderCalls(ISmsSender sender, ILogger logger)
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(20);

    /// <summary>One provider send of <paramref name="message"/>; what came of it.</summary>
    public async Task<ProviderAnswer> SendAsync(ConversationState state, string conversationId, SmsMessage message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ProviderTimeout);
            return new(SendOutcome.Accepted, await sender.SendAsync(Outbound(state, message), timeout.Token), null);
        }
        catch (ProviderException ex) when (!ex.OutcomeUnknown)
        {
            // The provider answered and did not take the message: a refusal, or 429/502/503 after the pipeline's bounded retries.
            logger.LogWarning("Provider did not take message {MessageId} of conversation {ConversationId}: {Error}", message.MessageId, conversationId, ex.Message);
            return new(ex.Transient ? SendOutcome.NotTaken : SendOutcome.Refused, null, ex.ErrorCode);
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            // Unknown outcome (timeout, broken connection, a 500): it is looked up at the provider before it is sent again.
            logger.LogWarning("Provider did not confirm message {MessageId} of conversation {ConversationId}; it will be looked up: {Error}",
                message.MessageId, conversationId, ex.Message);
            return new(SendOutcome.Unknown, null, (ex as ProviderException)?.ErrorCode);
        }
    }

    /// <summary>Looks a message up at the provider: found (its id and status), absent, or the lookup failed.</summary>
    public async Task<ProviderAnswer> FindAsync(ConversationState state, string conversationId, SmsMessage message, DateTimeOffset since)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ProviderTimeout);
            var found = await sender.FindAsync(Outbound(state, message), since, timeout.Token);
            // Another message of this conversation with the same text may have been sent since: never take its id.
            var known = state.Recent.Where(m => m.ProviderMessageSid is not null).Select(m => m.ProviderMessageSid).ToHashSet();
            return found.FirstOrDefault(r => !known.Contains(r.ProviderMessageSid)) is { } receipt
                ? new(SendOutcome.Found, receipt, null)
                : new(SendOutcome.Absent, null, null);
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            logger.LogWarning("Lookup of message {MessageId} of conversation {ConversationId} at the provider failed: {Error}",
                message.MessageId, conversationId, ex.Message);
            return new(SendOutcome.LookupFailed, null, null);
        }
    }

    private static OutboundSms Outbound(ConversationState state, SmsMessage message) => new(
        state.TenantId!, message.MessageId, state.AgentNumber, state.CustomerNumber, message.Body,
        new SegmentCount(message.Segments, message.Encoding));
}

/// <summary>What came of one provider call: the outcome, the provider's receipt when it took or found the message, its error code.</summary>
internal readonly record struct ProviderAnswer(SendOutcome Outcome, SendReceipt? Receipt, string? ErrorCode);
