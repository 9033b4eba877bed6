using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// The campaign an import adds its contacts to (docs/api.md: Campaigns: a CSV audience), batch by batch, through the campaign's own
/// add (so a number is in it at most once). Once the campaign refuses (it was cancelled, completed or deleted meanwhile),
/// the rest of the file still makes contacts and joins nothing.
/// </summary>
internal sealed class ImportAudience(ICampaignGrain campaign, ResourceOwner owner, string importId, ILogger logger)
{
    private bool _refused;

    /// <summary>The batch's result with what joining the campaign did (<c>added</c>, <c>already_present</c>).</summary>
    public async Task<ImportBatchResult> JoinAsync(AppliedBatch applied)
    {
        if (_refused || applied.Contacts.Count == 0)
        {
            return applied.Result;
        }
        var joined = await campaign.AddImportedAsync(owner, importId, applied.Contacts);
        if (!joined.Succeeded)
        {
            logger.LogInformation("Import {ImportId} adds no more recipients: {Reason}", importId, joined.Error.Detail);
            _refused = true;
            return applied.Result;
        }
        return applied.Result with { Added = joined.Value.Added, AlreadyPresent = joined.Value.AlreadyPresent };
    }
}
