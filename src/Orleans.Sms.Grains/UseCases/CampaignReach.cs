namespace Orleans.Sms.UseCases;

/// <summary>A campaign message a recipient got: from which number, and whether their reply to it was told.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="From">The number it was sent from (a text to that number is a reply in its conversation).</param>
/// <param name="Replied">The campaign was told of a reply.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignTouch")]
public sealed record class CampaignTouch(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string From,
    [property: Id(2)] bool Replied = false);

/// <summary>
/// Which campaigns a recipient's reply or opt-out is told to (docs/api.md: Campaigns: <c>replied</c> counts a text to the
/// campaign's conversation after its message, whatever session it is in; <c>opted_out</c> an opt-out after it, through
/// any number of the service). Bounded: the latest <see cref="Capacity"/> campaigns; an older one is no longer told.
/// </summary>
public static class CampaignReach
{
    public const int Capacity = 8;

    /// <summary>Records a campaign's message (again: the latest one counts), dropping the oldest beyond the capacity.</summary>
    public static void Add(List<CampaignTouch> touches, CampaignTouch touch)
    {
        touches.RemoveAll(t => t.CampaignId == touch.CampaignId);
        touches.Add(touch);
        if (touches.Count > Capacity)
        {
            touches.RemoveAt(0);
        }
    }

    /// <summary>The campaigns a text to <paramref name="agentNumber"/> replies to and that were not told yet; marked told.</summary>
    public static IReadOnlyList<string> TakeReplies(List<CampaignTouch> touches, string agentNumber)
    {
        var due = touches.Where(t => t.From == agentNumber && !t.Replied).Select(t => t.CampaignId).ToList();
        for (var i = 0; i < touches.Count; i++)
        {
            if (due.Contains(touches[i].CampaignId))
            {
                touches[i] = touches[i] with { Replied = true };
            }
        }
        return due;
    }

    /// <summary>Every campaign, to tell of an opt-out; none is kept (one opt-out is counted once per campaign).</summary>
    public static IReadOnlyList<string> TakeAll(List<CampaignTouch> touches)
    {
        var all = touches.Select(t => t.CampaignId).ToList();
        touches.Clear();
        return all;
    }
}
