using Microsoft.Extensions.Logging;
using Orleans.Sms.Agents;
using Orleans.Sms.Messaging;
using Orleans.Sms.Providers;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

// Agent turns and sends. A turn runs on a grain timer after the inbound call has returned, so the
// webhook acknowledgement never waits for the agent or the provider.
internal sealed partial class ConversationGrain
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(20);

    private IGrainTimer? _agentTimer;

    public async Task<OutboundOutcome> StartOutboundAsync(OutboundRequest request)
    {
        var now = clock.GetUtcNow();
        Adopt(request.Route, request.AgentNumber, request.CustomerNumber);
        await EndSessionAsync(SessionEndReason.Superseded, now);
        var session = StartSession(now);
        await archive.SaveSessionAsync(Id, session.ToView());
        var message = await SendAsync(request.Message, MessageRole.Agent, MessageSource.Api, now);
        await ArmReminderAsync(now);
        await state.WriteStateAsync();
        return Outcome(message);
    }

    public async Task<OutboundOutcome?> ReplyAsync(string tenantId, string message)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (S.Session is not { IsActive: true })
        {
            await archive.SaveSessionAsync(Id, StartSession(now).ToView());
        }
        var sent = await SendAsync(message, MessageRole.Agent, MessageSource.Manual, now);
        await ArmReminderAsync(now);
        await state.WriteStateAsync();
        return Outcome(sent);
    }

    private OutboundOutcome Outcome(SmsMessage message) => new(
        Id, message.SessionId, message.MessageId, S.AgentNumber, S.CustomerNumber,
        message.DeliveryStatus, message.Segments, message.Encoding);

    private void ScheduleAgentTurn(DateTimeOffset since)
    {
        if (_agentTimer is not null)
        {
            return;
        }
        var due = since + agentOptions.Value.BatchWindow - clock.GetUtcNow();
        _agentTimer = this.RegisterGrainTimer(
            RunAgentTurnAsync,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan)
            {
                Interleave = false,
                KeepAlive = true,
            });
    }

    private async Task RunAgentTurnAsync(CancellationToken cancellationToken)
    {
        _agentTimer?.Dispose();
        _agentTimer = null;
        if (S.PendingTurn is not { } pending)
        {
            return;
        }
        S.PendingTurn = null;
        var session = S.Session;
        var useCase = session is { IsActive: true } && session.SessionId == pending.SessionId && S.AgentMode
            ? await GrainFactory.GetGrain<IUseCaseGrain>(S.UseCaseId).GetAsync()
            : null;
        var agent = agents.Resolve(useCase?.Agent);
        if (session is null || useCase is null || agent is null)
        {
            // Nothing to do, and nothing worth a write: a stale pending turn found after a restart is dropped again.
            return;
        }

        var transcript = S.Recent.Where(m => m.SessionId == session.SessionId).ToList();
        var batch = transcript.Where(m => pending.MessageIds.Contains(m.MessageId)).ToList();
        var turn = new AgentTurn(pending.Event, Id, session.SessionId, useCase, S.AgentNumber, S.CustomerNumber, batch, transcript);
        AgentReply reply;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AgentTimeout);
            reply = await agent.RespondAsync(turn, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The messages are recorded; a human picks the conversation up.
            logger.LogWarning(ex, "Agent of use case {UseCaseId} failed on conversation {ConversationId}", S.UseCaseId, Id);
            S.Status = ConversationStatus.FollowUp;
            await state.WriteStateAsync();
            return;
        }

        var now = clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(reply.Reply) && session.IsActive)
        {
            await SendAsync(reply.Reply, MessageRole.Agent, MessageSource.SmsAgent, now);
        }
        S.Status = reply.Status ?? S.Status;
        if (reply.EndSession)
        {
            await EndSessionAsync(SessionEndReason.Closed, now);
        }
        await ArmReminderAsync(now);
        await state.WriteStateAsync();
    }

    /// <summary>Records an outbound message, hands it to the provider, records the provider's answer.</summary>
    private async Task<SmsMessage> SendAsync(string body, MessageRole role, MessageSource source, DateTimeOffset now)
    {
        var session = S.Session!;
        var count = SegmentCount.Of(body);
        var message = new SmsMessage(
            NewMessageId(), session.SessionId, MessageDirection.Outbound, role, source, body, now,
            count.Segments, count.Encoding, null, DeliveryStatus.Accepted, null, []);
        await archive.AppendAsync(Id, message);
        try
        {
            using var timeout = new CancellationTokenSource(ProviderTimeout);
            var receipt = await sender.SendAsync(
                new OutboundSms(S.TenantId!, message.MessageId, S.AgentNumber, S.CustomerNumber, body, count), timeout.Token);
            message = message with { ProviderMessageSid = receipt.ProviderMessageSid, DeliveryStatus = receipt.Status };
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Provider refused message {MessageId} of conversation {ConversationId}", message.MessageId, Id);
            message = message with { DeliveryStatus = DeliveryStatus.Failed, ErrorCode = "provider_error" };
        }
        await archive.AppendAsync(Id, message);
        S.AddRecent(message);
        if (role != MessageRole.System)
        {
            session.LastActivityAt = now;
        }
        return message;
    }
}
