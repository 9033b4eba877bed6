using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Numbers;
using Orleans.Sms.Pacing;
using Orleans.Sms.Tenants;
using Orleans.Sms.Templates;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// The I/O of a campaign's turns, apart from the grain that keeps the books: reading the contacts, the pool and the
/// recipients' standing, booking the senders' time, and handing each message to its conversation (idempotent by message
/// id). The decisions are <see cref="RecipientTurn"/>'s, <see cref="SenderSelection"/>'s and <see cref="SendPacing"/>'s.
/// A step costs one call per pool number, one per recipient and one per sender, all in parallel.
/// </summary>
internal sealed class CampaignRun(IGrainFactory grains, IContactStore contacts, TimeProvider clock)
{
    /// <summary>
    /// When each sender said to ask again, by the engine's clock, and the real time that comes at (the step timers wait in
    /// real time; a test's engine clock may stand still). Lost with the activation: the number's own clock decides then.
    /// </summary>
    private readonly Dictionary<string, (DateTimeOffset Told, DateTimeOffset AskAt)> _askAgain = new(StringComparer.Ordinal);

    /// <summary>The instant each decided recipient's message may go on its number (this activation's bookings).</summary>
    private readonly Dictionary<long, DateTimeOffset> _slots = [];

    /// <summary>What each decided recipient's step read of the recipient and its sender, handed to the conversation with the send.</summary>
    private readonly Dictionary<long, SendClearance> _clearances = [];

    /// <summary>After <see cref="DecideAsync"/>: when a sender that could not take every recipient may be asked again, or null.</summary>
    public DateTimeOffset? WaitUntil { get; private set; }

    /// <summary>After <see cref="DecideAsync"/>: the step's share of the journal (<see cref="JournalSize"/>) left recipients for the next step.</summary>
    public bool Full { get; private set; }

    /// <summary>
    /// What the turns of <paramref name="due"/> come to: each recipient as it is to be recorded (<c>sending</c> with its
    /// message id and sender, <c>held</c>, <c>skipped</c>). A recipient whose sender is busy is left out (still pending),
    /// and so is every one after the campaign's own rate stopped the step, after the step's share of the journal is full
    /// (<see cref="Full"/>), or when the pool has no sender.
    /// </summary>
    public async Task<List<CampaignRecipient>> DecideAsync(
        ResourceOwner owner, CampaignDraft definition, MessageTemplate template, IReadOnlyList<CampaignRecipient> due,
        DateTimeOffset now, Func<bool> maySendAnother)
    {
        // A template without variables fills the same from any contact: the contacts are read only when it has some.
        var read = await Task.WhenAll(due.Select(r => r.ContactId is { } id && template.Variables.Count > 0
            ? contacts.GetAsync(owner, id)
            : Task.FromResult<StoredContact?>(null)));
        var decided = new List<CampaignRecipient>(due.Count);
        var candidates = new List<(CampaignRecipient Recipient, string Body)>(due.Count);
        var turns = due.Select((r, i) => RecipientTurn.Decide(template, r, read[i]?.Contact, definition.QuietHours, now)).ToList();
        var fitting = JournalSize.Fitting(due.Select((r, i) => JournalSize.Of(r, turns[i].Body)));
        var stoppedByRate = false;
        for (var i = 0; i < fitting && !stoppedByRate; i++)
        {
            var (recipient, turn) = (due[i], turns[i]);
            if (turn.SkipCode is { } skip)
            {
                decided.Add(recipient with { Status = RecipientStatus.Skipped, ErrorCode = skip, HeldUntil = null });
            }
            else if (turn.HoldUntil is { } until)
            {
                decided.Add(recipient with { Status = RecipientStatus.Held, HeldUntil = until });
            }
            else if (maySendAnother())
            {
                candidates.Add((recipient, turn.Body!));
            }
            else
            {
                stoppedByRate = true;
            }
        }
        (WaitUntil, Full) = (null, !stoppedByRate && fitting < due.Count);
        if (candidates.Count > 0)
        {
            decided.AddRange(await AssignSendersAsync(definition.UseCaseId!, candidates));
        }
        return decided.OrderBy(r => r.Seq).ToList();
    }

    /// <summary>Chooses each candidate's sender (sticky first, docs/api.md: Sending) and books the senders' time; the ones that may go, and the opted out.</summary>
    private async Task<List<CampaignRecipient>> AssignSendersAsync(string useCaseId, List<(CampaignRecipient Recipient, string Body)> candidates)
    {
        var senders = await UsableSendersAsync(useCaseId);
        if (senders.Count == 0)
        {
            return []; // nothing in the pool may send now: the recipients wait for a later step
        }
        var standings = await Task.WhenAll(candidates.Select(c =>
            grains.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, c.Recipient.PhoneNumber)).GetAsync()));
        var usable = senders.Keys.ToList();
        var outcome = new List<CampaignRecipient>(candidates.Count);
        var bySender = new Dictionary<string, List<(CampaignRecipient Recipient, string Body, RecipientStanding Standing)>>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            var (recipient, body) = candidates[i];
            if (standings[i].OptedOut)
            {
                outcome.Add(recipient with { Status = RecipientStatus.Skipped, ErrorCode = SmsErrorCodes.RecipientOptedOut, HeldUntil = null });
                continue;
            }
            var from = SenderSelection.Choose(usable, recipient.PhoneNumber, standings[i].LastSender);
            (bySender.TryGetValue(from, out var list) ? list : bySender[from] = []).Add((recipient, body, standings[i]));
        }
        // A sender that said to ask again later is not asked before then (a step may come early: a send answered, an
        // add): it would book from the time it gave, and the message would go before its slot.
        foreach (var early in bySender.Keys.Where(from => _askAgain.TryGetValue(from, out var again) && again.AskAt > DateTimeOffset.UtcNow).ToList())
        {
            bySender.Remove(early);
            Wait(_askAgain[early].Told);
        }
        var booked = await Task.WhenAll(bySender.Select(async pair =>
        {
            var waited = _askAgain.Remove(pair.Key, out var told) ? told.Told : (DateTimeOffset?)null;
            var segments = pair.Value.Select(c => Math.Max(1, SegmentCount.Of(c.Body).Segments)).ToList();
            return (From: pair.Key, Turn: await grains.Reference<ISenderPaceGrain>(pair.Key).ReserveBulkAsync(segments, NumberRules.MpsOf(senders[pair.Key]), waited));
        }));
        foreach (var (from, turn) in booked)
        {
            var mine = bySender[from];
            for (var i = 0; i < turn.SendAt.Count; i++)
            {
                var (recipient, body, standing) = mine[i];
                _slots[recipient.Seq] = turn.SendAt[i];
                _clearances[recipient.Seq] = new SendClearance(standing, senders[from]);
                outcome.Add(recipient with
                {
                    Status = RecipientStatus.Sending,
                    MessageId = MessageIds.New(),
                    From = from,
                    ConversationId = ConversationId.For(from, recipient.PhoneNumber),
                    Body = body,
                    ErrorCode = null, // a resend's earlier overflow
                    HeldUntil = null,
                });
            }
            if (turn.AskAgainAt is { } again)
            {
                _askAgain[from] = (again, DateTimeOffset.UtcNow + (again - clock.GetUtcNow()));
                Wait(again);
            }
        }
        return outcome;
    }

    private void Wait(DateTimeOffset until) => WaitUntil = WaitUntil is { } earlier && earlier < until ? earlier : until;

    /// <summary>The pool's numbers that may send now (their rates: docs/api.md: Campaigns: segments per second), read fresh each step.</summary>
    private async Task<Dictionary<string, PhoneNumberInfo>> UsableSendersAsync(string useCaseId) =>
        await UsableSenders.ReadAsync(grains, await grains.Reference<IMessagingServiceGrain>(useCaseId).GetPoolAsync(), useCaseId);

    /// <summary>
    /// Sends a <c>sending</c> recipient's message through its conversation, at its time on the number when this activation
    /// booked it (a journal settled after a restart sends at once); the recipient as it is to be recorded after.
    /// </summary>
    public async Task<CampaignRecipient> SendAsync(string campaignId, ResourceOwner owner, string useCaseId, CampaignRecipient recipient, DateTimeOffset now)
    {
        if (_slots.Remove(recipient.Seq, out var slot))
        {
            await SendPacing.HoldAsync(slot, clock);
        }
        _clearances.Remove(recipient.Seq, out var clearance); // none for a journal settled after a restart: the conversation reads
        var route = new ConversationRoute(owner.TenantId, useCaseId, owner.Environment);
        var request = new OutboundRequest(
            route, recipient.From!, recipient.PhoneNumber, recipient.Body, null, new CampaignSend(campaignId, recipient.MessageId!), Clearance: clearance);
        var sent = await grains.Reference<IConversationEngineGrain>(recipient.ConversationId!).StartOutboundAsync(request);
        if (!sent.Succeeded)
        {
            return recipient with
            {
                Status = sent.Error.Code == SmsErrorCodes.RecipientOptedOut ? RecipientStatus.Skipped : RecipientStatus.Failed,
                ErrorCode = sent.Error.Code,
            };
        }
        var outcome = sent.Value;
        return outcome.Status == DeliveryStatus.Failed
            ? recipient with { Status = RecipientStatus.Failed, ErrorCode = outcome.ErrorCode ?? SmsErrorCodes.ProviderError, SentAt = now }
            : recipient with { Status = RecipientStatus.Sent, SentAt = now };
    }
}
