using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Conversations;

/// <summary>What a conversation owes the campaign whose message opened its session: a reply or opt-out, or a final status.</summary>
[GenerateSerializer, Immutable, Alias("sms.OwedCampaignNotice")]
public sealed record class OwedCampaignNotice(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] InboundNotice Inbound,
    [property: Id(2)] string? MessageId,
    [property: Id(3)] DeliveryStatus? Status,
    [property: Id(4)] string? ErrorCode);

/// <summary>
/// A conversation's campaign notices on their way to the campaign, as its usage goes to the usage grain
/// (<see cref="UsageHandOver"/>): owed in state and written with the change they tell of, then handed over by a timer with
/// an awaited call that returns once the campaign has counted them. A silo lost on either side loses none: the campaign
/// counts a recipient's reply, opt-out and final status once, so a notice told again changes nothing. One still owed when
/// the activation goes is told when the conversation next activates (a message, a read, its session reminder).
/// </summary>
/// <param name="host">The conversation.</param>
/// <param name="grains">Where the campaigns are.</param>
/// <param name="handedOver">Called when everything owed has been handed over (the conversation may then let go).</param>
/// <param name="logger">Told of a failed hand-over (retried) and of a notice dropped past <see cref="Capacity"/>.</param>
internal sealed class CampaignNoticeHandOver(IConversationHost host, IGrainFactory grains, Action handedOver, ILogger logger)
{
    /// <summary>The most notices a conversation keeps owing (a campaign that never answers must not grow its state).</summary>
    public const int Capacity = 32;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private IGrainTimer? _timer;
    private bool _running;

    private ConversationState S => host.State;

    /// <summary>Nothing is owed to a campaign.</summary>
    public bool Settled => S.OwedNotices.Count == 0;

    /// <summary>Owes what <paramref name="effects"/> holds for campaigns (before the write that records why), and clears it there.</summary>
    public void OweFrom(ConversationEffects effects)
    {
        OweInbound(effects.CampaignInbound);
        foreach (var message in effects.CampaignDeliveries)
        {
            OweDelivery(message);
        }
        effects.CampaignInbound = null;
        effects.CampaignDeliveries.Clear();
    }

    /// <summary>A reply or opt-out to tell (null: none).</summary>
    public void OweInbound((string CampaignId, InboundNotice Notice)? notice)
    {
        if (notice is { } n)
        {
            Owe(new OwedCampaignNotice(n.CampaignId, n.Notice, null, null, null));
        }
    }

    /// <summary>A campaign message's final status (delivered, read, failed, undelivered) to tell; any other is not told.</summary>
    public void OweDelivery(SmsMessage message)
    {
        if (message.CampaignId is { } campaignId
            && message.DeliveryStatus is DeliveryStatus.Delivered or DeliveryStatus.Read or DeliveryStatus.Failed or DeliveryStatus.Undelivered)
        {
            Owe(new OwedCampaignNotice(campaignId, InboundNotice.None, message.MessageId, message.DeliveryStatus, message.ErrorCode));
        }
    }

    private void Owe(OwedCampaignNotice notice)
    {
        if (S.OwedNotices.Contains(notice))
        {
            return;
        }
        S.OwedNotices.Add(notice);
        if (S.OwedNotices.Count > Capacity)
        {
            logger.LogWarning("Conversation {ConversationId} owes more than {Capacity} campaign notices; the oldest is dropped: {Notice}",
                host.Id, Capacity, S.OwedNotices[0]);
            S.OwedNotices.RemoveAt(0);
        }
    }

    /// <summary>
    /// Hands what is owed over after <paramref name="due"/> (at once by default: after the write that carries it). The
    /// timer interleaves with the conversation's calls: the campaign's answer waits for its flush, which may wait for a
    /// campaign step that is calling this very conversation (a resend, a journal settled after a failure).
    /// </summary>
    public void Schedule(TimeSpan? due = null)
    {
        if (_timer is null && !_running && !Settled)
        {
            _timer = host.OneShotTimer(HandOverAsync, due ?? TimeSpan.Zero, interleave: true);
        }
    }

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        // Disposed only at the end: disposing a grain timer cancels the token of the callback it is running.
        var timer = _timer;
        (_timer, _running) = (null, true);
        var retry = false;
        try
        {
            foreach (var notice in S.OwedNotices.ToList()) // calls interleave: they may owe more meanwhile
            {
                var campaign = grains.Reference<ICampaignGrain>(notice.CampaignId);
                await (notice.Status is { } status
                    ? campaign.NoticeDeliveryAsync(S.CustomerNumber, notice.MessageId!, status, notice.ErrorCode)
                    : campaign.NoticeInboundAsync(S.CustomerNumber, notice.Inbound));
                S.OwedNotices.Remove(notice); // storage forgets it with the next write; a repeat until then changes nothing
            }
        }
        catch (Exception ex)
        {
            retry = true;
            logger.LogWarning(ex, "Telling a campaign of conversation {ConversationId} failed; retried", host.Id);
        }
        finally
        {
            _running = false;
            timer?.Dispose();
        }
        if (retry || !Settled)
        {
            Schedule(retry ? RetryDelay : TimeSpan.Zero);
        }
        else
        {
            handedOver();
        }
    }
}
