using Orleans.Sms.Numbers;

namespace Orleans.Sms.UseCases;

/// <summary>The numbers of a use case's pool that may send now, for the choice of a sender (an API send's, a campaign step's).</summary>
internal static class UsableSenders
{
    /// <summary>
    /// Each number of <paramref name="pool"/> read from its own grain (the fresh source of compliance: no cached copy to go
    /// stale; the pool is small), keeping those that send sms for <paramref name="useCaseId"/>, by number.
    /// </summary>
    public static async Task<Dictionary<string, PhoneNumberInfo>> ReadAsync(IGrainFactory grains, IEnumerable<string> pool, string useCaseId)
    {
        var numbers = await Task.WhenAll(pool.Select(n => grains.Reference<IPhoneNumberGrain>(n).GetAsync()));
        return numbers.OfType<PhoneNumberInfo>().Where(n => n.SendsSmsFor(useCaseId)).ToDictionary(n => n.PhoneNumber, StringComparer.Ordinal);
    }
}
