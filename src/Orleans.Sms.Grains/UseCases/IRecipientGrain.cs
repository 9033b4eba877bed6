using Orleans.Concurrency;

namespace Orleans.Sms.UseCases;

/// <summary>
/// One customer of one messaging service, keyed by <see cref="KeyFor"/>: whether they opted out (STOP) and which
/// pool number last talked with them (the sticky sender).
/// </summary>
[Alias("sms.IRecipientGrain")]
public interface IRecipientGrain : IGrainWithStringKey
{
    /// <summary>The recipient's standing.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<RecipientStanding> GetAsync();

    /// <summary>Records an opt-out (true) or an opt-in (false).</summary>
    [Alias("SetOptedOutAsync")]
    Task SetOptedOutAsync(bool optedOut);

    /// <summary>
    /// Records <paramref name="agentNumber"/> as the pool number that last talked with the recipient (the sticky sender),
    /// unless the recipient opted out; the standing as it is now, for the sender to check right before it sends.
    /// </summary>
    /// <remarks>A campaign's opening names its campaign: a later reply to that number, or an opt-out, is told to it.</remarks>
    [Alias("ClaimAsync")]
    Task<RecipientStanding> ClaimAsync(string agentNumber, string? campaignId = null);

    /// <summary>
    /// The customer texted <paramref name="agentNumber"/>: it becomes the sticky sender, as <see cref="ClaimAsync"/> does,
    /// and a <paramref name="reply"/> (not an opt-out or opt-in keyword) is told to the campaigns that wrote from it.
    /// One-way, so the inbound message's acknowledgement does not wait for it.
    /// </summary>
    [Alias("TalkedAsync"), OneWay]
    Task TalkedAsync(string agentNumber, bool reply);

    /// <summary>The grain key of a recipient of a messaging service (the sms use case id).</summary>
    public static string KeyFor(string useCaseId, string customerNumber) => $"{useCaseId}|{customerNumber}";
}

/// <summary>A recipient's standing with a messaging service.</summary>
/// <param name="OptedOut">True after STOP (until START).</param>
/// <param name="LastSender">The pool number that last talked with them.</param>
[GenerateSerializer, Immutable, Alias("sms.RecipientStanding")]
public sealed record class RecipientStanding(
    [property: Id(0)] bool OptedOut,
    [property: Id(1)] string? LastSender);
