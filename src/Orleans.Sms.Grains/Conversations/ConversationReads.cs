using Orleans.Sms.Archive;

namespace Orleans.Sms.Conversations;

/// <summary>
/// What a conversation shows its owner: the transcript and the sessions, merged from the archive (everything written
/// behind) and state (the newest, and versions newer than the archive's).
/// </summary>
internal sealed class ConversationReads(IConversationHost host, IMessageArchive archive, SessionOptions sessionOptions, TimeProvider clock)
{
    private ConversationState S => host.State;

    /// <summary>The conversation with its newest <paramref name="messageLimit"/> messages.</summary>
    public async Task<ConversationView> GetAsync(int messageLimit)
    {
        // Recent messages may be newer in state than in the archive (an answer not archived yet): state wins.
        var archived = await archive.ReadAsync(host.Id, sessionId: null, messageLimit);
        // Not archived yet are only the newest (just sent), so they go last; the archive's order is kept.
        var recent = S.Recent.ToDictionary(m => m.MessageId);
        var ids = archived.Select(m => m.MessageId).ToHashSet();
        var after = archived.Count == 0 ? 0 : S.Recent.FindIndex(m => m.MessageId == archived[^1].MessageId) + 1;
        var messages = archived.Select(m => recent.GetValueOrDefault(m.MessageId) ?? m)
            .Concat(S.Recent.Skip(after).Where(m => !ids.Contains(m.MessageId)))
            .TakeLast(messageLimit);
        return View(messages);
    }

    /// <summary>Every session: the archive holds each once it ended; the live one comes from state.</summary>
    public async Task<IReadOnlyList<SessionView>> GetSessionsAsync()
    {
        var sessions = (await archive.ReadSessionsAsync(host.Id)).ToList();
        if (S.Session is { } current)
        {
            sessions.RemoveAll(s => s.SessionId == current.SessionId);
            sessions.Add(SessionTimeline.ViewAt(current, sessionOptions, clock.GetUtcNow())!);
        }
        return sessions;
    }

    /// <summary>
    /// The view leaves the grain: <see cref="ConversationView"/> is <c>[Immutable]</c>, so Orleans hands it over by reference
    /// and the caller serializes it while this grain goes on changing its state. It must never alias grain state: the
    /// messages are copied here, at the boundary.
    /// </summary>
    public ConversationView View(IEnumerable<SmsMessage> messages) => new(
        host.Id, S.AgentNumber, S.CustomerNumber, S.UseCaseId, S.Status, S.AgentMode,
        SessionTimeline.ViewAt(S.Session, sessionOptions, clock.GetUtcNow()), messages.ToArray(), S.LastAgentFailure);
}
