using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Agents;

/// <summary>Runs agent turns away from the conversation grain, so the conversation keeps taking messages meanwhile.</summary>
[Alias("sms.IAgentTurnWorker")]
internal interface IAgentTurnWorker : IGrainWithIntegerKey
{
    /// <summary>Asks the agent and reports to the conversation's <see cref="IAgentTurnCallback"/>; one-way: the caller does not wait.</summary>
    [Alias("RunAsync"), OneWay]
    Task RunAsync(string turnId, AgentTurn turn);

    /// <summary>
    /// Asks the agent and answers the caller: for an agent-written opening, whose API caller waits for the send. Called by
    /// the outbound send, never by the conversation, which keeps taking its calls meanwhile (<see cref="Conversations.AgentOpening"/>).
    /// Its own bound is <see cref="AgentTurnLimiter.MaxWait"/> for a slot plus <see cref="AgentTurnWorker.Timeout"/> for the
    /// agent (50 s), past Orleans' default response timeout (30 s): the call waits up to <see cref="AgentTurnWorker.LostAfter"/>.
    /// </summary>
    [Alias("AskAsync"), ResponseTimeout("00:01:00")]
    Task<AgentTurnOutcome> AskAsync(AgentTurn turn);
}

/// <summary>What came of an agent turn: the agent's reply, or the reason there is none.</summary>
[GenerateSerializer, Immutable, Alias("sms.AgentTurnOutcome")]
internal sealed record class AgentTurnOutcome(
    [property: Id(0)] AgentReply? Reply,
    [property: Id(1)] string? Failure);

/// <summary>Where a finished agent turn is reported: the conversation grain.</summary>
[Alias("sms.IAgentTurnCallback")]
internal interface IAgentTurnCallback : IGrainWithStringKey
{
    /// <summary>The outcome of turn <paramref name="turnId"/>: a reply, or the reason it failed.</summary>
    [Alias("CompleteAgentTurnAsync")]
    Task CompleteAgentTurnAsync(string turnId, AgentReply? reply, string? failure);
}

/// <summary>
/// A stateless worker, reentrant because it keeps no state: an activation runs many turns at once, so slow agents
/// do not queue behind each other (non-reentrant, a silo would run one turn per core at a time).
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class AgentTurnWorker(
    IAgentDirectory agents, Contacts.IContactStore contacts, AgentTurnLimiter limiter, Telemetry.SmsMetrics metrics, ILogger<AgentTurnWorker> logger) : Grain, IAgentTurnWorker
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>When a conversation gives up on a turn it handed to the worker and parks it (a lost worker, a lost report).</summary>
    public static readonly TimeSpan LostAfter = Timeout * 2;

    public async Task RunAsync(string turnId, AgentTurn turn)
    {
        var outcome = await AskAsync(turn);
        await GrainFactory.Reference<IAgentTurnCallback>(turn.ConversationId).CompleteAgentTurnAsync(turnId, outcome.Reply, outcome.Failure);
    }

    /// <summary>One turn in a slot of this silo's <see cref="AgentTurnLimiter"/>, timed; every turn, replies and openings alike, runs here.</summary>
    public async Task<AgentTurnOutcome> AskAsync(AgentTurn turn)
    {
        using var slot = await limiter.EnterAsync();
        if (slot is null)
        {
            var failure = $"every agent turn of this silo stayed busy for {AgentTurnLimiter.MaxWait.TotalSeconds:0} s";
            logger.LogWarning("Agent turn of conversation {ConversationId} not run: {Reason}", turn.ConversationId, failure);
            return new AgentTurnOutcome(null, failure);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (reply, why) = await AskAsync(agents.Resolve(turn.UseCase.Agent), turn, contacts, logger, CancellationToken.None);
        metrics.AgentTurn(System.Diagnostics.Stopwatch.GetElapsedTime(started), failed: reply is null);
        return new AgentTurnOutcome(reply, why);
    }

    /// <summary>One agent call, bounded in time; a failure comes back as its reason, never as an exception.</summary>
    public static async Task<(AgentReply? Reply, string? Failure)> AskAsync(
        ISmsAgent? agent, AgentTurn turn, Contacts.IContactStore contacts, ILogger logger, CancellationToken cancellationToken)
    {
        if (agent is null)
        {
            return (null, $"no agent of type '{turn.UseCase.Agent?.Type}'");
        }
        turn = await WithContactAsync(turn, contacts, logger, cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                // WaitAsync bounds an agent that ignores its token too: its turn fails on time and frees its slot.
                return (await agent.RespondAsync(turn, timeout.Token).WaitAsync(Timeout, cancellationToken), null);
            }
            finally
            {
                timeout.Cancel(); // whichever timer came first, the agent's call is told to stop before the source goes
            }
        }
        catch (AgentFailedException ex)
        {
            logger.LogWarning("Agent of use case {UseCaseId} failed on conversation {ConversationId}: {Reason}", turn.UseCase.UseCaseId, turn.ConversationId, ex.Reason);
            return (null, ex.Reason);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Agent of use case {UseCaseId} failed on conversation {ConversationId}", turn.UseCase.UseCaseId, turn.ConversationId);
            // The reason is shown to the tenant: an unforeseen exception's message (which may name hosts and ports)
            // stays in the log above.
            return (null, ex is OperationCanceledException or TimeoutException
                ? $"the agent did not answer within {Timeout.TotalSeconds:0} s"
                : $"the agent failed ({ex.GetType().Name})");
        }
    }

    /// <summary>
    /// The turn with the customer's contact as it is now (README.md: Agents), so an agent can greet by name. A contact store
    /// that cannot be read does not cost the customer the reply: the turn goes on without the contact, and the log says so.
    /// </summary>
    private static async Task<AgentTurn> WithContactAsync(AgentTurn turn, Contacts.IContactStore contacts, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var owner = new Tenants.ResourceOwner(turn.UseCase.TenantId, turn.UseCase.Environment);
            var stored = await contacts.FindByPhoneAsync(owner, turn.CustomerNumber, cancellationToken);
            return turn with { Contact = stored?.Contact };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Contact of conversation {ConversationId} not read: the agent turn goes on without it", turn.ConversationId);
            return turn;
        }
    }
}
