using Microsoft.Extensions.Logging;
using Orleans.Sms.Agents;
using Orleans.Sms.Telemetry;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

/// <summary>
/// A conversation's owed work (agent turns, the HELP answer), started on a grain timer after the inbound call has returned.
/// The agent itself is asked by a stateless worker (<see cref="IAgentTurnWorker"/>), not here, so the conversation keeps
/// recording messages (and acknowledging webhooks) while the agent thinks; the worker reports back through the grain's
/// <see cref="IAgentTurnCallback.CompleteAgentTurnAsync"/>. One turn at a time: messages arriving meanwhile wait for the
/// next turn, in order. The rules are <see cref="AgentTurnRules"/>'s and <see cref="ConversationModel"/>'s.
/// </summary>
internal sealed class AgentTurns(
    IConversationHost host, IGrainFactory grains, SendPath sends, SessionReminder reminder, TimeProvider clock, SmsMetrics metrics, ILogger logger)
{
    /// <summary>A turn not reported back by then is taken as lost (its worker's silo died) and asked again, once.</summary>
    private static readonly TimeSpan LostTurnAfter = AgentTurnWorker.LostAfter;

    private IGrainTimer? _timer;
    private IGrainTimer? _lostTurnTimer;
    private InFlightTurn? _inFlight;

    /// <summary>
    /// Set on activation when storage holds an owed, unparked turn: an earlier activation may have started it and been
    /// lost with its silo, so starting it here counts as asking it again (<see cref="PendingAgentTurn.Lost"/>).
    /// </summary>
    private bool _turnMayBeLost;

    /// <summary>A turn handed to a worker, since <paramref name="StartedAt"/> by the engine's clock.</summary>
    private sealed record class InFlightTurn(string TurnId, PendingAgentTurn Turn, DateTimeOffset StartedAt);

    private ConversationState S => host.State;

    /// <summary>On activation, before anything else: a turn storage owes may have been started by a lost activation.</summary>
    public void Activated() => _turnMayBeLost = S.PendingTurn is { Parked: false };

    /// <summary>
    /// Asks the use case for its batch window once per conversation (and use case), when a turn is first owed: the turn
    /// is timed from then on, so learning it only when the turn starts would hold the first turn for the engine's window.
    /// Each turn keeps it up to date afterwards (<see cref="StartAsync"/>).
    /// </summary>
    public async Task LearnBatchWindowAsync()
    {
        if (S.BatchWindowLearned || S.PendingTurn is not { Parked: false })
        {
            return;
        }
        var useCase = await grains.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync();
        (S.BatchWindow, S.BatchWindowLearned) = (useCase?.BatchWindow, true);
    }

    /// <summary>Arms the timer for what is owed: the HELP answer at once, an unparked turn when its batch window closes.</summary>
    public void Schedule()
    {
        if (S.HelpOwed)
        {
            Schedule(DateTimeOffset.MinValue);
        }
        else if (S.PendingTurn is { Parked: false } pending && _inFlight is null)
        {
            Schedule(pending.Since);
        }
    }

    private void Schedule(DateTimeOffset since)
    {
        var due = since + host.BatchWindow - clock.GetUtcNow();
        if (_timer is not null)
        {
            if (due > TimeSpan.Zero)
            {
                return; // already scheduled
            }
            _timer.Dispose(); // the work is due now (a reminder tick came first): do not wait for the timer
            _timer = null;
        }
        _timer = host.OneShotTimer(RunOwedWorkAsync, due);
    }

    private async Task RunOwedWorkAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _timer;
        _timer = null;
        try
        {
            if (host.StateSuspect)
            {
                return; // the activation is going: the next one starts from storage, which still owes this work
            }
            if (S.HelpOwed)
            {
                await SendHelpAsync();
            }
            if (S.PendingTurn is { } pending && pending.Since + host.BatchWindow > clock.GetUtcNow())
            {
                Schedule(pending.Since); // the HELP answer went first; the batch window is still open
                return;
            }
            await StartAsync();
        }
        catch (Exception ex)
        {
            host.Drop(ex); // as a failed call: what this turn changed may not be stored
        }
        finally
        {
            timer?.Dispose();
        }
    }

    private async Task SendHelpAsync()
    {
        var useCase = await grains.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync();
        var now = clock.GetUtcNow();
        var text = host.Model.TakeHelp(useCase?.HelpText, useCase?.Name, now);
        // HELP is answered even to a customer who opted out (carriers require it).
        await sends.SendAsync(text, MessageRole.System, MessageSource.System, now, ignoreOptOut: true);
        await host.SaveStateAsync();
    }

    /// <summary>Hands the owed batch to a worker. The batch stays in <see cref="ConversationState.PendingTurn"/> (persisted)
    /// until the turn is reported, so a silo lost meanwhile loses no turn.</summary>
    private async Task StartAsync()
    {
        if (_inFlight is not null || S.PendingTurn is not { Parked: false } pending)
        {
            return;
        }
        var session = S.Session;
        var notifyOnly = pending.Event == AgentEvents.WarningTimeout;
        var useCase = session is not null && session.SessionId == pending.SessionId && (notifyOnly || session.IsActive) && S.AgentMode
            ? await grains.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync()
            : null;
        if (session is null || useCase?.Agent is null)
        {
            // Nothing to do, and nothing worth a write of its own: the next write keeps it.
            S.NoAgent = useCase is { Agent: null };
            S.PendingTurn = null;
            return;
        }
        if (useCase.BatchWindow != S.BatchWindow)
        {
            // The use case's window changed since it was learned: a longer one holds this turn a little more.
            (S.BatchWindow, S.BatchWindowLearned) = (useCase.BatchWindow, true);
            if (pending.Since + host.BatchWindow > clock.GetUtcNow())
            {
                await host.SaveStateAsync();
                Schedule(pending.Since);
                return;
            }
        }
        if (_turnMayBeLost)
        {
            _turnMayBeLost = false;
            if (pending.Lost >= PendingAgentTurn.MaxLost)
            {
                await ParkFailedAsync(pending, "the agent turn was lost twice with its silo", clock.GetUtcNow());
                return;
            }
            // One write on this recovery path only: a second loss must know this was the second ask.
            S.PendingTurn = pending = pending with { Lost = pending.Lost + 1 };
            await host.SaveStateAsync();
        }
        var transcript = S.Recent.Where(m => m.SessionId == session.SessionId).ToList();
        var batch = transcript.Where(m => pending.MessageIds.Contains(m.MessageId)).ToList();
        var turn = new AgentTurn(pending.Event, host.Id, session.SessionId, useCase, S.AgentNumber, S.CustomerNumber, batch, transcript, S.ContextJson);
        var turnId = Guid.NewGuid().ToString("N");
        _inFlight = new InFlightTurn(turnId, pending, clock.GetUtcNow());
        _lostTurnTimer = host.OneShotTimer(
            async _ =>
            {
                try
                {
                    await TurnLostAsync(turnId);
                }
                catch (Exception ex)
                {
                    host.Drop(ex);
                }
            },
            LostTurnAfter);
        await grains.GetGrain<IAgentTurnWorker>(0).RunAsync(turnId, turn); // one-way: returns at once
    }

    /// <summary>The worker's report of turn <paramref name="turnId"/>: the reply sent, or the failure parked.</summary>
    public async Task CompleteAsync(string turnId, AgentReply? reply, string? failure)
    {
        if (_inFlight is not { } inFlight || inFlight.TurnId != turnId)
        {
            return; // a late report of a turn already given up on
        }
        _inFlight = null;
        _lostTurnTimer?.Dispose();
        _lostTurnTimer = null;
        var taken = inFlight.Turn;
        var now = clock.GetUtcNow();
        if (reply is null)
        {
            await ParkFailedAsync(taken, failure ?? "unknown", now);
            return;
        }
        var answer = AgentTurnRules.Answered(S, taken, reply);
        var greeting = answer.Greets ? (await grains.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync())?.Greeting : null;
        var text = greeting ?? reply.Reply ?? "";
        var parts = host.Model.Speak(answer, text, now, out var truncated);
        NoteTruncated(truncated, text, parts.Count);
        await reminder.ArmAsync(now);
        if (parts.Count > 0)
        {
            await sends.SendAllAsync(parts, MessageRole.Agent, MessageSource.SmsAgent, now); // writes the state once, before sending
        }
        else
        {
            await host.SaveStateAsync();
        }
        host.ScheduleOwedWork();
    }

    /// <summary>An agent's text as the messages it becomes (<see cref="ConversationModel.SplitAgentText"/>), a cut noted.</summary>
    public IReadOnlyList<string> Split(string reply, DateTimeOffset now)
    {
        var parts = host.Model.SplitAgentText(reply, now, out var truncated);
        NoteTruncated(truncated, reply, parts.Count);
        return parts;
    }

    /// <summary>
    /// On a reminder tick: the turn in flight is lost once <see cref="LostTurnAfter"/> has passed by the engine's clock,
    /// like every decision of the grain (the lost-turn timer runs on the silo's clock and may not have fired yet).
    /// </summary>
    public Task GiveUpOverdueAsync(DateTimeOffset now) =>
        _inFlight is { } inFlight && now - inFlight.StartedAt >= LostTurnAfter ? TurnLostAsync(inFlight.TurnId) : Task.CompletedTask;

    /// <summary>A reply cut to its first messages: a warning in the log and the <c>sms.agent.replies.truncated</c> metric.</summary>
    private void NoteTruncated(bool truncated, string reply, int parts)
    {
        if (truncated)
        {
            metrics.ReplyTruncated();
            logger.LogWarning(
                "The agent's reply in conversation {ConversationId} ({Length} characters) was cut to {Parts} messages; the rest was dropped",
                host.Id, reply.Length, parts);
        }
    }

    /// <summary>
    /// The worker never reported turn <paramref name="turnId"/> (its silo died, or its report was lost): asked again
    /// once, under a new turn id (a late report of the first is ignored); lost again, it fails.
    /// </summary>
    private async Task TurnLostAsync(string turnId)
    {
        if (_inFlight is not { } inFlight || inFlight.TurnId != turnId || host.StateSuspect)
        {
            return;
        }
        var failure = $"the agent turn was not reported within {LostTurnAfter.TotalSeconds:0} s";
        if (inFlight.Turn.Lost >= PendingAgentTurn.MaxLost || S.PendingTurn is not { } pending)
        {
            await CompleteAsync(turnId, null, failure);
            return;
        }
        logger.LogWarning("Agent turn of conversation {ConversationId} lost ({Reason}); asking again", host.Id, failure);
        _inFlight = null;
        _lostTurnTimer?.Dispose();
        _lostTurnTimer = null;
        S.PendingTurn = pending with { Lost = pending.Lost + 1 };
        await host.SaveStateAsync();
        await StartAsync();
    }

    /// <summary>A failed turn, as <see cref="AgentTurnRules.Failed"/> decides: one write.</summary>
    private async Task ParkFailedAsync(PendingAgentTurn taken, string failure, DateTimeOffset now)
    {
        AgentTurnRules.Failed(S, taken, failure, now);
        await host.SaveStateAsync();
        host.ScheduleOwedWork();
    }
}
