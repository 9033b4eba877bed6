using Microsoft.Extensions.Logging;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Numbers;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Routing;

/// <summary>Where a validated inbound message went.</summary>
public sealed record class InboundDelivery(ReceiveOutcome? Outcome)
{
    public bool Unrouted => Outcome is null;
}

/// <summary>
/// The one path every validated inbound message takes (Twilio webhook and simulator alike): find the sms use
/// case whose pool holds <c>To</c>, then hand the message to the pair's conversation grain.
/// </summary>
public sealed class InboundRouter(
    IGrainFactory grains,
    IMessageArchive archive,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
    ILogger<InboundRouter> logger)
{
    public async Task<InboundDelivery> RouteAsync(InboundSms message, CancellationToken cancellationToken = default)
    {
        var number = await grains.Reference<IPhoneNumberGrain>(message.To).GetAsync();
        if (number is not { SmsUseCaseId: { } useCaseId, SmsConfirmed: true })
        {
            logger.LogWarning("Inbound {MessageSid} to {To} matches no sms pool; kept as unrouted", message.ProviderMessageId, message.To);
            await archive.KeepUnroutedAsync(message, clock.GetUtcNow(), cancellationToken);
            return new InboundDelivery(null);
        }
        // Filed under the owner of the use case whose pool holds the number (docs/api.md: Boundaries): its tenant and environment.
        if (await grains.Reference<IUseCaseGrain>(useCaseId).GetAsync() is not { } useCase)
        {
            logger.LogWarning("Inbound {MessageSid} to {To}: its use case {UseCaseId} is gone; kept as unrouted", message.ProviderMessageId, message.To, useCaseId);
            await archive.KeepUnroutedAsync(message, clock.GetUtcNow(), cancellationToken);
            return new InboundDelivery(null);
        }
        var route = new ConversationRoute(useCase.TenantId, useCaseId, useCase.Environment);
        var keyword = Keywords.Classify(message.Body); // the conversation records what a STOP or START does to the standing
        var conversation = grains.Reference<IConversationEngineGrain>(ConversationId.For(message.To, message.From));
        var outcome = await conversation.ReceiveAsync(message, route, keyword);
        return new InboundDelivery(outcome);
    }
}
