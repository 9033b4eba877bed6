using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.UseCases;

/// <summary>
/// A customer of a messaging service: opt-out standing and sticky sender, in the <see cref="SmsStorage.Recipients"/>
/// storage (whose writes of one use case go together on Azure tables).
/// </summary>
/// <remarks>
/// Collected after 2 idle minutes instead of Orleans' 15: a campaign touches each of its recipients once, so at the
/// default a 100,000-recipient campaign would keep 100,000 activations for a quarter of an hour. Coming back costs
/// one point read of a small row.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
internal sealed class RecipientGrain(
    [PersistentState("recipient", SmsStorage.Recipients)] IPersistentState<RecipientState> state,
    ILogger<RecipientGrain> logger) : Grain, IRecipientGrain
{
    private RecipientState S => state.State;

    public Task<RecipientStanding> GetAsync() =>
        Task.FromResult(new RecipientStanding(S.OptedOut, S.LastSender));

    public async Task SetOptedOutAsync(bool optedOut)
    {
        if (S.OptedOut == optedOut)
        {
            return;
        }
        S.OptedOut = optedOut;
        // Every campaign that wrote to them counts an opt-out after its message, whichever number took the STOP.
        var told = optedOut ? CampaignReach.TakeAll(S.Campaigns) : [];
        await state.WriteOrDropAsync(this);
        Tell(told, InboundNotice.OptedOut);
    }

    public async Task TalkedAsync(string agentNumber, bool reply)
    {
        var claimed = Claim(agentNumber, campaignId: null);
        // A reply to the number a campaign wrote from is a reply to that campaign's conversation.
        var replied = reply ? CampaignReach.TakeReplies(S.Campaigns, agentNumber) : [];
        if (claimed || replied.Count > 0)
        {
            await state.WriteOrDropAsync(this); // one write for both
            Tell(replied, InboundNotice.Replied);
        }
    }

    public async Task<RecipientStanding> ClaimAsync(string agentNumber, string? campaignId = null)
    {
        if (Claim(agentNumber, campaignId))
        {
            await state.WriteOrDropAsync(this);
        }
        return new RecipientStanding(S.OptedOut, S.LastSender);
    }

    /// <summary>
    /// Makes <paramref name="agentNumber"/> the sticky sender and records a campaign's message from it, unless the
    /// recipient opted out; true when the state changed (a write is owed).
    /// </summary>
    private bool Claim(string agentNumber, string? campaignId)
    {
        if (S.OptedOut || (S.LastSender == agentNumber && campaignId is null))
        {
            return false;
        }
        S.LastSender = agentNumber;
        if (campaignId is not null)
        {
            CampaignReach.Add(S.Campaigns, new CampaignTouch(campaignId, agentNumber));
        }
        return true;
    }

    /// <summary>
    /// Tells each campaign, without waiting (the inbound message's write waits for this grain): a campaign counts a
    /// recipient's reply and opt-out once, however often it is told; one lost with a silo here goes uncounted.
    /// </summary>
    private void Tell(IReadOnlyList<string> campaignIds, InboundNotice notice)
    {
        var customer = this.GetPrimaryKeyString().Split('|')[^1];
        foreach (var campaignId in campaignIds)
        {
            GrainFactory.GetGrain<ICampaignGrain>(campaignId).NoticeInboundAsync(customer, notice).ContinueWith(
                t => logger.LogWarning(t.Exception, "Campaign {CampaignId} was not told of {Notice} of a recipient", campaignId, notice),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
        }
    }
}

[GenerateSerializer, Alias("sms.RecipientState")]
internal sealed class RecipientState
{
    [Id(0)] public bool OptedOut { get; set; }
    [Id(1)] public string? LastSender { get; set; }

    /// <summary>The latest campaigns that wrote to them (<see cref="CampaignReach"/>), to tell of a reply or an opt-out.</summary>
    [Id(2)] public List<CampaignTouch> Campaigns { get; set; } = [];
}
