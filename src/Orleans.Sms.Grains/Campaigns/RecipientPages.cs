using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// A list of recipients added in one request, cut into pages of one grain call each (docs/api.md: Campaigns). A list may
/// hold 10,000 entries, and each one that is not a contact yet becomes one: as one call, that outlasted Orleans' 30 s
/// response timeout on a slow table store and answered 500 while the campaign went on adding. A page is a bounded call,
/// and the campaign's steps run between pages. The answer is the one a single call gives: the counts summed, each
/// error's <c>row</c> its index in the whole list (a number repeated across pages is <c>already_present</c> in the
/// later page, as in one call).
/// </summary>
internal static class RecipientPages
{
    /// <summary>Entries per grain call: a few seconds of contact and recipient writes on a slow store.</summary>
    public const int Size = 500;

    /// <summary>The pages of <paramref name="list"/>, each with the number of entries before it.</summary>
    public static IEnumerable<(RecipientList Page, int Before)> Split(RecipientList list, int size = Size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var entries = list.ContactIds ?? list.PhoneNumbers ?? [];
        if (entries.Count == 0)
        {
            yield return (list, 0); // one call, as before: the campaign answers it
            yield break;
        }
        for (var before = 0; before < entries.Count; before += size)
        {
            var page = entries.Skip(before).Take(size).ToList();
            yield return (list.ContactIds is null ? list with { PhoneNumbers = page } : list with { ContactIds = page }, before);
        }
    }

    /// <summary>The answer to the whole list from the answers to its pages (each with the number of entries before it).</summary>
    public static RecipientsAdded Merge(IEnumerable<(RecipientsAdded Added, int Before)> pages)
    {
        var (added, present, failed, errors) = (0, 0, 0, new List<RecipientAddError>());
        foreach (var (page, before) in pages)
        {
            (added, present, failed) = (added + page.Added, present + page.AlreadyPresent, failed + page.Failed);
            errors.AddRange(page.Errors.Select(e => e with { Row = e.Row + before }));
        }
        return new RecipientsAdded(added, present, failed, errors);
    }

    /// <summary>
    /// Adds <paramref name="list"/> page by page. A page refused (the campaign was cancelled or completed meanwhile, or is
    /// not the caller's) ends it with that error: the pages before it stay added, and the same list sent again reports
    /// them <c>already_present</c>.
    /// </summary>
    public static async Task<SmsResult<RecipientsAdded>> AddAsync(ICampaignGrain campaign, ResourceOwner owner, RecipientList list)
    {
        var answers = new List<(RecipientsAdded, int)>();
        foreach (var (page, before) in Split(list))
        {
            var added = await campaign.AddRecipientsAsync(owner, page);
            if (!added.Succeeded)
            {
                return added;
            }
            answers.Add((added.Value, before));
        }
        return SmsResult<RecipientsAdded>.Ok(Merge(answers));
    }
}
