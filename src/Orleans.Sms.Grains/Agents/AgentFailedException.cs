namespace Orleans.Sms.Agents;

/// <summary>
/// An agent could not answer a turn (the webhook kept failing, the chat client threw, the answer was malformed).
/// The engine marks the conversation <c>follow_up</c> and records <see cref="Reason"/>; no inbound message is lost.
/// </summary>
public sealed class AgentFailedException : Exception
{
    /// <summary>Creates the exception with a one-line reason fit for the conversation's record.</summary>
    /// <param name="reason">Why the agent failed; never contains secrets.</param>
    public AgentFailedException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a one-line reason and the failure that caused it.</summary>
    /// <param name="reason">Why the agent failed; never contains secrets.</param>
    /// <param name="innerException">The underlying failure.</param>
    public AgentFailedException(string reason, Exception? innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the agent failed, in one line.</summary>
    public string Reason { get; }
}
