using Orleans.Sms.Agents;
using Orleans.Sms.Errors;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Sessions the business starts (docs/api.md: Sending): an API or campaign opening with its text, or one the agent writes
/// (prepared here, written by the agent off this conversation's scheduler, then sent here). Each is checked before the
/// conversation takes the request's route, sent once per caller-chosen message id, and sent from a number that is then the
/// recipient's sticky sender.
/// </summary>
internal sealed class SessionOpenings(
    IConversationHost host, IGrainFactory grains, IAgentDirectory agents, SendPath sends, AgentTurns turns, SessionReminder reminder, TimeProvider clock)
{
    private ConversationState S => host.State;

    public async Task<SmsResult<OutboundOutcome>> StartAsync(OutboundRequest request)
    {
        if (SentBefore(request) is { } before)
        {
            return SmsResult<OutboundOutcome>.Ok(before); // asked again after a crash: never sent twice
        }
        if (request.Message is not { } message)
        {
            // Asking the agent here would hold this non-reentrant conversation (and its webhooks) for the agent's time.
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.InvalidRequest,
                "An opening without 'message' is written by the agent through the outbound send (IOutboundGrain), not here.");
        }
        // Checked before the conversation takes the request's route: a refused send leaves nothing, not even in memory.
        if (await sends.ClearOpeningAsync(request) is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        host.Model.Adopt(request.Route, request.AgentNumber, request.CustomerNumber);
        S.ContextJson = AgentContext.Merge(S.ContextJson, request.ContextJson);
        var now = clock.GetUtcNow();
        return await OpenAsync(request, [message], ConversationModel.NewSession(now), now);
    }

    public async Task<SmsResult<AgentTurn>> PrepareAsync(OutboundRequest request)
    {
        // Nothing changes here, in state or in memory: the opening is sent (and the route taken) by SendAsync.
        if (await sends.CheckAsync(request) is { } refused)
        {
            return SmsResult<AgentTurn>.Fail(refused);
        }
        var useCase = await grains.Reference<IUseCaseGrain>(request.Route.UseCaseId).GetAsync();
        if (useCase is null || agents.Resolve(useCase.Agent) is null)
        {
            return SmsResult<AgentTurn>.Fail(SmsErrorCodes.AgentRequired, "No 'message', and the use case has no agent to write one.");
        }
        var sessionId = ConversationModel.NewSession(clock.GetUtcNow()).SessionId; // the session the opening starts, when it is sent
        var context = AgentContext.Merge(S.ContextJson, request.ContextJson);
        return SmsResult<AgentTurn>.Ok(new AgentTurn(
            AgentEvents.SessionStarted, host.Id, sessionId, useCase, request.AgentNumber, request.CustomerNumber, [], [], context));
    }

    public async Task<SmsResult<OutboundOutcome>> SendAsync(OutboundRequest request, AgentTurn turn, AgentReply reply)
    {
        if (SentBefore(request) is { } before)
        {
            return SmsResult<OutboundOutcome>.Ok(before); // asked again after a crash: never sent twice
        }
        // Checked again: the customer may have opted out while the agent wrote.
        if (await sends.ClearOpeningAsync(request) is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        host.Model.Adopt(request.Route, request.AgentNumber, request.CustomerNumber);
        var now = clock.GetUtcNow();
        S.ContextJson = AgentContext.Merge(AgentContext.Merge(S.ContextJson, request.ContextJson), reply.ContextJson);
        var parts = turns.Split(string.IsNullOrWhiteSpace(reply.Reply) ? turn.UseCase.Greeting ?? "" : reply.Reply, now);
        if (parts.Count == 0)
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.AgentError, "The agent wrote no opening and the use case has no greeting.");
        }
        return await OpenAsync(request, parts, ConversationModel.NewSession(now, turn.SessionId), now);
    }

    /// <summary>
    /// Ends the current session (<c>superseded</c>), makes <paramref name="session"/> current and sends its opening, from the
    /// number <see cref="SendPath.ClearOpeningAsync"/> claimed the recipient for.
    /// </summary>
    private async Task<SmsResult<OutboundOutcome>> OpenAsync(
        OutboundRequest request, IReadOnlyList<string> opening, SessionRecord session, DateTimeOffset now)
    {
        host.Model.Open(session, request.Campaign?.CampaignId, request.ChosenMessageId, now);
        await reminder.ArmAsync(now);
        var source = request.Campaign is not null ? MessageSource.Campaign : request.Message is null ? MessageSource.SmsAgent : MessageSource.Api;
        var sent = await sends.SendAllAsync(opening, MessageRole.Agent, source, now, alreadyChecked: true, campaign: request.Campaign,
            firstMessageId: request.ChosenMessageId);
        return SmsResult<OutboundOutcome>.Ok(sends.Outcome(sent[0]));
    }

    /// <summary>
    /// What came of a message whose id the caller chose and that was sent here before (from the recent window; an
    /// archived one as accepted); null when this id was never sent here.
    /// </summary>
    private OutboundOutcome? SentBefore(OutboundRequest request) =>
        request.ChosenMessageId is not { } chosen || !S.ChosenSends.Contains(chosen)
            ? null
            : S.Recent.Find(m => m.MessageId == chosen) is { } message
                ? sends.Outcome(message)
                : new OutboundOutcome(host.Id, "", chosen, S.AgentNumber, S.CustomerNumber, DeliveryStatus.Accepted, 0, SmsEncoding.Gsm7);
}
