using Microsoft.Extensions.Logging;
using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// CSV audiences (docs/api.md: Campaigns): an import's runner adds each batch's contacts here, through the same add as the JSON
/// form. While an import runs, a running campaign that has sent everything waits for it rather than completing (so the
/// later rows are sent too); a hold lapses when its import goes silent for <see cref="ImportLease"/> (its host died and its
/// watchdog's end never came), so a lost import cannot keep a campaign running forever.
/// </summary>
internal sealed partial class CampaignGrain
{
    /// <summary>Imports adding to one campaign at once (the state stays bounded).</summary>
    public const int MaxImports = 20;

    /// <summary>Longer than an import's watchdog takes to end a silent import (it checks every <see cref="ContactImportGrain.StalledAfter"/>).</summary>
    public static readonly TimeSpan ImportLease = ContactImportGrain.StalledAfter * 3;

    public async Task<SmsError?> BeginImportAsync(ResourceOwner owner, string importId)
    {
        if (!Owned(owner))
        {
            return NotFound();
        }
        if (CampaignLifecycle.MayAddRecipients(S.Status) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        DropLapsedImports(now);
        if (!S.Imports.ContainsKey(importId) && S.Imports.Count >= MaxImports)
        {
            return new SmsError(SmsErrorCodes.InvalidCampaignState,
                $"{MaxImports} imports are adding to campaign {Id} already: wait for one of them to end.");
        }
        S.Imports[importId] = now + ImportLease;
        await state.WriteStateAsync();
        return null;
    }

    public async Task<SmsResult<RecipientsAdded>> AddImportedAsync(ResourceOwner owner, string importId, IReadOnlyList<ImportedRecipient> recipients)
    {
        if (!Owned(owner))
        {
            return SmsResult<RecipientsAdded>.Fail(NotFound());
        }
        if (CampaignLifecycle.MayAddRecipients(S.Status) is { } refused)
        {
            return SmsResult<RecipientsAdded>.Fail(refused);
        }
        S.Imports[importId] = clock.GetUtcNow() + ImportLease; // written with the add
        var distinct = recipients.DistinctBy(r => r.PhoneNumber).Select(r => (r.PhoneNumber, r.ContactId)).ToList();
        var added = await AppendAsync(distinct);
        return SmsResult<RecipientsAdded>.Ok(new RecipientsAdded(added, recipients.Count - added, 0, []));
    }

    public async Task EndImportAsync(string importId)
    {
        if (S.Exists && S.Imports.Remove(importId))
        {
            await state.WriteStateAsync();
            Schedule(TimeSpan.Zero);
        }
    }

    /// <summary>True while an import may still add recipients.</summary>
    private bool ImportsHold(DateTimeOffset now)
    {
        DropLapsedImports(now);
        return S.Imports.Count > 0;
    }

    private void DropLapsedImports(DateTimeOffset now)
    {
        foreach (var lapsed in S.Imports.Where(i => i.Value <= now).Select(i => i.Key).ToList())
        {
            logger.LogWarning("Import {ImportId} went silent; campaign {CampaignId} no longer waits for it", lapsed, Id);
            S.Imports.Remove(lapsed);
        }
    }
}
