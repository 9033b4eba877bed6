using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>What came of one provider call for an outbound message: a send, or a lookup of an earlier send.</summary>
public enum SendOutcome
{
    /// <summary>The provider took the message and said so.</summary>
    Accepted,

    /// <summary>The provider refused it for good (a 4xx a repeat would not change: invalid number, opted out, …).</summary>
    Refused,

    /// <summary>The provider answered that it did not take it (429, 502, 503 after the HTTP pipeline's own retries).</summary>
    NotTaken,

    /// <summary>
    /// It may have been taken: no answer (no connection after the request went out, a timeout, a broken response), or an
    /// answer that does not say (Twilio's 500: it failed the request, perhaps after storing the message).
    /// </summary>
    Unknown,

    /// <summary>A lookup found the message at the provider.</summary>
    Found,

    /// <summary>A lookup answered, and the message is not there: it was not taken.</summary>
    Absent,

    /// <summary>The lookup itself got no answer.</summary>
    LookupFailed,
}

/// <summary>The next step for a send.</summary>
public enum SendAction
{
    /// <summary>The provider has it: record its id and status.</summary>
    Settle,

    /// <summary>Send again after <see cref="SendDecision.Delay"/>.</summary>
    Send,

    /// <summary>Look the message up at the provider after <see cref="SendDecision.Delay"/>.</summary>
    LookUp,

    /// <summary>The message is <c>failed</c> with <see cref="SendDecision.ErrorCode"/>.</summary>
    Fail,
}

/// <summary>The next step for a send; <see cref="FollowUp"/> when a person must look at the conversation.</summary>
/// <param name="Action">The step.</param>
/// <param name="Delay">How long until it is owed.</param>
/// <param name="ErrorCode">For <see cref="SendAction.Fail"/>, the message's error code; for <see cref="SendAction.LookUp"/>,
/// the provider's code of the send in doubt when it answered one (kept for the lookups: <see cref="UnsettledSend.DoubtCode"/>).</param>
/// <param name="FollowUp">A person must look at the conversation.</param>
public sealed record class SendDecision(SendAction Action, TimeSpan Delay, string? ErrorCode = null, bool FollowUp = false);

/// <summary>How far the reconciliation of one send has come (kept in state until it settles).</summary>
/// <param name="MessageId">The engine's message (its id is the provider's idempotency hint, <c>?mid=</c>).</param>
/// <param name="FirstAttemptAt">When it was first handed to the provider: lookups search from there.</param>
/// <param name="Sends">Provider sends made so far.</param>
/// <param name="Lookups">Lookups made since the last send whose outcome was unknown.</param>
/// <param name="Next">What is owed next: <see cref="SendAction.Send"/> or <see cref="SendAction.LookUp"/>.</param>
/// <param name="DueAt">When it is owed.</param>
/// <param name="Slotted">
/// The owed send has its time on the sender number (docs/api.md: Campaigns pacing) at <paramref name="DueAt"/>: it goes then without
/// asking the number again. A send that is not slotted asks for its time first.
/// </param>
/// <param name="DoubtCode">
/// The provider's error code of the last send whose outcome is unknown, when it answered one (Twilio's 500): the message
/// fails with it when the lookups find it absent and no send is left.
/// </param>
[GenerateSerializer, Immutable, Alias("sms.UnsettledSend")]
public sealed record class UnsettledSend(
    [property: Id(0)] string MessageId,
    [property: Id(1)] DateTimeOffset FirstAttemptAt,
    [property: Id(2)] int Sends,
    [property: Id(3)] int Lookups,
    [property: Id(4)] SendAction Next,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] bool Slotted = false,
    [property: Id(7)] string? DoubtCode = null)
{
    /// <summary>A paced message whose first send is still to come: it has not been handed to the provider at all.</summary>
    public bool Paced => Sends == 0;
}

/// <summary>
/// docs/api.md: Boundaries, "a send is never lost silently and never sent twice", as a rule: a send that was proven not taken
/// is sent again with backoff; a send whose outcome is unknown is looked up at the provider before anything is sent
/// again; bounded on both counts, and what is still not known at the end fails as <c>send_unconfirmed</c> and puts
/// the conversation in <c>follow_up</c>. No I/O: the conversation grain runs the steps.
/// </summary>
public static class SendReconciliation
{
    /// <summary>Provider sends of one message at most (the first one included).</summary>
    public const int MaxSends = 3;

    /// <summary>Lookups after one send whose outcome was unknown, at most.</summary>
    public const int MaxLookups = 3;

    /// <summary>Wait before the first lookup: the provider lists a message it took shortly after taking it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two steps.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the <paramref name="n"/>-th repeat of a step (1, 2, 4 … seconds, capped).</summary>
    public static TimeSpan Backoff(int n) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Clamp(n - 1, 0, 16)));

    /// <summary>The next step after <paramref name="outcome"/>, given what was done before (counting the call that had it).</summary>
    public static SendDecision After(UnsettledSend done, SendOutcome outcome, string? providerErrorCode = null) => outcome switch
    {
        SendOutcome.Accepted or SendOutcome.Found => new(SendAction.Settle, TimeSpan.Zero),
        SendOutcome.Refused => new(SendAction.Fail, TimeSpan.Zero, providerErrorCode ?? SmsErrorCodes.ProviderError),
        SendOutcome.NotTaken => done.Sends < MaxSends
            ? new(SendAction.Send, Backoff(done.Sends))
            : new(SendAction.Fail, TimeSpan.Zero, providerErrorCode ?? SmsErrorCodes.ProviderError, FollowUp: true),
        SendOutcome.Unknown => new(SendAction.LookUp, Backoff(1), providerErrorCode),
        SendOutcome.Absent => done.Sends < MaxSends
            ? new(SendAction.Send, Backoff(done.Sends))
            : new(SendAction.Fail, TimeSpan.Zero, done.DoubtCode ?? SmsErrorCodes.SendUnconfirmed, FollowUp: true),
        SendOutcome.LookupFailed => done.Lookups < MaxLookups
            ? new(SendAction.LookUp, Backoff(done.Lookups + 1), done.DoubtCode)
            : new(SendAction.Fail, TimeSpan.Zero, SmsErrorCodes.SendUnconfirmed, FollowUp: true),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>What is owed after <paramref name="decision"/> (null once settled or failed).</summary>
    public static UnsettledSend? Owed(UnsettledSend done, SendDecision decision, DateTimeOffset now) => decision.Action switch
    {
        SendAction.Send or SendAction.LookUp => done with
        {
            Next = decision.Action, DueAt = now + decision.Delay, DoubtCode = decision.Action == SendAction.LookUp ? decision.ErrorCode : null,
        },
        _ => null,
    };

    /// <summary>The record of the first send of a message, made at <paramref name="now"/>.</summary>
    public static UnsettledSend FirstSend(string messageId, DateTimeOffset now) => new(messageId, now, 1, 0, SendAction.Send, now);

    /// <summary>
    /// The record of a message that waits for its time on the sender number (docs/api.md: Campaigns pacing, shown <c>queued</c>): its
    /// first send is owed at <paramref name="sendAt"/>, the time the number gave it.
    /// </summary>
    public static UnsettledSend Queued(string messageId, DateTimeOffset sendAt) => new(messageId, sendAt, 0, 0, SendAction.Send, sendAt, Slotted: true);

    /// <summary>
    /// An owed send whose sender number is not free until <paramref name="slot"/>: it waits until then, and goes without
    /// asking again when that time was <paramref name="booked"/> for it (else it asks again then).
    /// </summary>
    public static UnsettledSend WaitFor(UnsettledSend owed, DateTimeOffset slot, bool booked) => owed with { DueAt = slot, Slotted = booked };

    /// <summary>
    /// The record stored before a repeat send of <paramref name="owed"/> is handed to the provider at <paramref name="now"/>:
    /// the send counted, and a lookup owed, so that an activation lost during the call (or a state write after it that
    /// failed) leaves a send in doubt, looked up before anything is sent again, never a send made blind a second time.
    /// Once the call answers, its outcome replaces this record.
    /// </summary>
    public static UnsettledSend BeforeRepeat(UnsettledSend owed, DateTimeOffset now) =>
        Took(owed, SendAction.Send) with { Next = SendAction.LookUp, DueAt = now + Backoff(1) };

    /// <summary>The record after one more step of kind <paramref name="step"/>.</summary>
    public static UnsettledSend Took(UnsettledSend owed, SendAction step) => step == SendAction.Send
        ? owed with { Sends = owed.Sends + 1, Lookups = 0, Slotted = false }
        : owed with { Lookups = owed.Lookups + 1 };
}
