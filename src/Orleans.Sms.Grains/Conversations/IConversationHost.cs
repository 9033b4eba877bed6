namespace Orleans.Sms.Conversations;

/// <summary>
/// What the parts of a conversation (its send path, agent turns, archive, usage hand-over, pacing and reminder) ask of the
/// grain that runs them: its state, its decisions, its one write order, its timers, and dropping the activation.
/// Each part owns its own fields; only the grain writes state.
/// </summary>
internal interface IConversationHost
{
    string Id { get; }

    ConversationState State { get; }

    /// <summary>The conversation's owner: the tenant and the environment it was filed under.</summary>
    Tenants.ResourceOwner Owner { get; }

    /// <summary>The decisions on the state (<see cref="ConversationModel"/>); what they owe waits for the next write.</summary>
    ConversationModel Model { get; }

    /// <summary>The use case's batch window when known, else the engine's.</summary>
    TimeSpan BatchWindow { get; }

    /// <summary>A call or timer failed after changing state: what this activation holds may differ from storage's.</summary>
    bool StateSuspect { get; }

    /// <summary>Provider answers or delivery reports recorded since the last state write.</summary>
    bool AnswersUnwritten { get; set; }

    /// <summary>Whether anything that decides the conversation's next steps, or anything owed to a write, changed since the last write.</summary>
    bool ChangedSinceWrite { get; }

    /// <summary>The directory's summary when it changed, then <see cref="WriteAsync"/>.</summary>
    Task SaveStateAsync();

    /// <summary>The state write, in the one order: what must be stored before it, the write, what waits for it.</summary>
    Task WriteAsync();

    /// <summary>
    /// An in-memory wait of this activation: fires once, never interleaved with a call unless <paramref name="interleave"/>
    /// (for a callback that only waits on another grain and changes state without an await in between).
    /// </summary>
    IGrainTimer OneShotTimer(Func<CancellationToken, Task> callback, TimeSpan due, bool keepAlive = true, bool interleave = false);

    /// <summary>A failure after state changed: the activation goes, the next call starts from storage.</summary>
    void Drop(Exception ex);

    /// <summary>Arms every in-memory wait for work the state says is owed (agent turn, HELP, reconciliation, usage).</summary>
    void ScheduleOwedWork();

    /// <summary>A live event for the owner's subscribers (one-way, never failing the change).</summary>
    Task PublishAsync(Events.ConversationEvent e);
}
