using Orleans.Sms.Conversations;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Campaigns;

// The sweep that ends the sessions the campaign opened and nobody answered (CampaignSessionSweep): a window after the
// campaign ended, a page of recipients per step, each unanswered one's conversation woken; a reminder brings it back.
internal sealed partial class CampaignGrain
{
    internal const string SessionsReminder = "campaign-sessions";

    /// <summary>Once due, the reminder ticks this often while the sweep is owed (a sweep cut short by a restart goes on).</summary>
    private static readonly TimeSpan SessionsReminderPeriod = TimeSpan.FromHours(1);

    /// <summary>Wakes one page of the campaign's unanswered conversations; when to step again (null: the sweep is done).</summary>
    private async Task<TimeSpan?> SweepSessionsAsync()
    {
        var page = await store.ListRecipientsAsync(Id, S.SessionsSweptTo, S.LastSeq, null, CampaignSessionSweep.PageSize);
        await Task.WhenAll(page.Where(CampaignSessionSweep.Wakes)
            .Select(r => GrainFactory.GetGrain<IConversationExpiry>(r.ConversationId!).ExpireUnansweredAsync()));
        if (page.Count == CampaignSessionSweep.PageSize)
        {
            S.SessionsSweptTo = page[^1].Seq;
            await state.WriteStateAsync();
            return TimeSpan.Zero;
        }
        (S.SessionsSweepAt, S.SessionsSweptTo) = (null, 0);
        await state.WriteStateAsync();
        await KeepSessionsReminderAsync();
        return null;
    }

    /// <summary>The reminder of the sweep: due when the sweep is (at most a timer's reach ahead), dropped once it is done.</summary>
    private async Task KeepSessionsReminderAsync()
    {
        if (S.SessionsSweepAt is { } at)
        {
            var due = at - clock.GetUtcNow();
            due = due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due > OptionChecks.MaxTimer ? OptionChecks.MaxTimer : due;
            await this.RegisterOrUpdateReminder(SessionsReminder, due, SessionsReminderPeriod);
        }
        else if (await this.GetReminder(SessionsReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
