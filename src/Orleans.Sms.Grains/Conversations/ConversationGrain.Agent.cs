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
            await SaveStateAsync();
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
        await SaveStateAsync();
    }
}
