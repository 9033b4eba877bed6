using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Whether a conversation may send now, as a plain rule of what was read: the recipient's standing with the messaging
/// service and the sender number as it stands (docs/api.md: Sending). Opt-out first, then the sender's compliance.
/// </summary>
public static class SendCheck
{
    /// <summary>Null when <paramref name="agentNumber"/> may send to <paramref name="customerNumber"/> for the use case; else why not.</summary>
    public static SmsError? Refusal(RecipientStanding standing, PhoneNumberInfo? sender, string useCaseId, string agentNumber, string customerNumber) =>
        OptedOut(standing, customerNumber) ?? SenderRefusal(sender, useCaseId, agentNumber);

    /// <summary>Null when <paramref name="sender"/> (read as <paramref name="agentNumber"/>) sends sms for the use case; else why not.</summary>
    public static SmsError? SenderRefusal(PhoneNumberInfo? sender, string useCaseId, string agentNumber) => sender switch
    {
        { } info when info.SendsSmsFor(useCaseId) => null,
        { } info when SmsGate.Check(info) is { } gate => new SmsError(SmsErrorCodes.SenderNotCompliant, gate.Detail),
        _ => new SmsError(SmsErrorCodes.SenderNotCompliant, $"{agentNumber} no longer sends for use case {useCaseId}."),
    };

    /// <summary>Null unless the recipient opted out of the messaging service; else the refusal.</summary>
    public static SmsError? OptedOut(RecipientStanding standing, string customerNumber) => standing.OptedOut
        ? new SmsError(SmsErrorCodes.RecipientOptedOut, $"{customerNumber} opted out of this messaging service.")
        : null;
}

/// <summary>
/// What the caller that chose the sender read a moment before it asks the conversation: the recipient's standing and the
/// chosen number. The conversation checks its send on these (<see cref="SendCheck"/>) instead of reading both again, so a
/// send reads each once; without one (a reply, an agent's turn, a retry) it reads them itself.
/// </summary>
/// <param name="Standing">The recipient's standing with the use case's messaging service.</param>
/// <param name="Sender">The chosen number as read.</param>
[GenerateSerializer, Immutable, Alias("sms.SendClearance")]
public sealed record class SendClearance(
    [property: Id(0)] RecipientStanding Standing,
    [property: Id(1)] PhoneNumberInfo Sender);
