using Microsoft.Extensions.Logging;
using Orleans.Sms.Agents;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

// Owed work (agent turns, the HELP answer) runs on a grain timer after the inbound call has returned,
// so the webhook acknowledgement never waits for the agent or the provider. The timer is not
// interleaved with calls: one turn at a time, in order.
internal sealed partial class ConversationGrain
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(30);

    private IGrainTimer? _agentTimer;

    private void ScheduleOwedWork(DateTimeOffset since)
    {
        if (_agentTimer is not null)
        {
            return;
        }
        var due = since + agentOptions.Value.BatchWindow - clock.GetUtcNow();
        _agentTimer = this.RegisterGrainTimer(
            RunOwedWorkAsync,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan)
            {
                Interleave = false,
                KeepAlive = true,
            });
    }

    private void ScheduleOwedWork()
    {
        if (S.HelpOwed)
        {
            ScheduleOwedWork(DateTimeOffset.MinValue);
        }
        else if (S.PendingTurn is { } pending)
        {
            ScheduleOwedWork(pending.Since);
        }
    }

    private async Task RunOwedWorkAsync(CancellationToken cancellationToken)
    {
        _agentTimer?.Dispose();
        _agentTimer = null;
        if (S.HelpOwed)
        {
            await SendHelpAsync();
        }
        if (S.PendingTurn is { } pending && pending.Since + agentOptions.Value.BatchWindow > clock.GetUtcNow())
        {
            ScheduleOwedWork(pending.Since); // the HELP answer went first; the batch window is still open
            return;
        }
        await RunAgentTurnAsync(cancellationToken);
    }

    private async Task SendHelpAsync()
    {
        S.HelpOwed = false;
        var useCase = await GrainFactory.GetGrain<IUseCaseGrain>(S.UseCaseId).GetAsync();
        var text = useCase?.HelpText ?? $"{useCase?.Name ?? "This number"}: reply STOP to opt out. Msg & data rates may apply.";
        var now = clock.GetUtcNow();
        if (S.Session is not { IsActive: true })
        {
            await archive.SaveSessionAsync(Id, StartSession(now).ToView());
        }
        // HELP is answered even to a customer who opted out (carriers require it).
        await SendAsync(text, MessageRole.System, MessageSource.System, now, ignoreOptOut: true);
        await SaveStateAsync();
    }

    private async Task RunAgentTurnAsync(CancellationToken cancellationToken)
    {
        if (S.PendingTurn is not { Parked: false } pending)
        {
            return;
        }
        S.PendingTurn = null;
        var session = S.Session;
        var notifyOnly = pending.Event == AgentEvents.WarningTimeout;
        var useCase = session is not null && session.SessionId == pending.SessionId && (notifyOnly || session.IsActive) && S.AgentMode
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
        var turn = new AgentTurn(pending.Event, Id, session.SessionId, useCase, S.AgentNumber, S.CustomerNumber, batch, transcript, S.ContextJson);
        var (reply, failure) = await AskAgentAsync(agent, turn, cancellationToken);
        var now = clock.GetUtcNow();
        if (reply is null)
        {
            // The customer's messages stay recorded; the turn is parked with them and the next inbound message retries it.
            S.Status = ConversationStatus.FollowUp;
            S.LastAgentFailure = new AgentFailure(now, failure!);
            S.PendingTurn = notifyOnly ? null : pending with { Parked = true };
            await SaveStateAsync();
            return;
        }
        S.LastAgentFailure = null;
        S.ContextJson = AgentContext.Merge(S.ContextJson, reply.ContextJson);
        if (!notifyOnly && session.IsActive)
        {
            var text = string.IsNullOrWhiteSpace(reply.Reply) && pending.Event == AgentEvents.SessionStarted ? useCase.Greeting : reply.Reply;
            foreach (var part in ReplySplitter.Split(text ?? ""))
            {
                await SendAsync(part, MessageRole.Agent, MessageSource.SmsAgent, now);
            }
        }
        S.Status = reply.Status ?? S.Status;
        if (reply.EndSession && !notifyOnly)
        {
            await EndSessionAsync(SessionEndReason.Closed, now);
        }
        await ArmReminderAsync(now);
        await SaveStateAsync();
    }

    /// <summary>One agent call, bounded in time; a failure comes back as its reason, never as an exception.</summary>
    private async Task<(AgentReply? Reply, string? Failure)> AskAgentAsync(ISmsAgent agent, AgentTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AgentTimeout);
            return (await agent.RespondAsync(turn, timeout.Token), null);
        }
        catch (AgentFailedException ex)
        {
            logger.LogWarning("Agent of use case {UseCaseId} failed on conversation {ConversationId}: {Reason}", S.UseCaseId, Id, ex.Reason);
            return (null, ex.Reason);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Agent of use case {UseCaseId} failed on conversation {ConversationId}", S.UseCaseId, Id);
            return (null, ex is OperationCanceledException ? $"the agent did not answer within {AgentTimeout.TotalSeconds:0} s" : ex.Message);
        }
    }
}
