namespace Orleans.Sms;

/// <summary>
/// Grain references by string key for the hot paths (inbound, replies, events), without Orleans resolving the grain
/// interface type again on every call: <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/> reads the
/// interface's attributes each time (3.6 % of host CPU on the inbound echo path, docs/benchmarks.md). The first reference
/// of an interface is made by Orleans; its grain type and interface type are kept and reused for every other key.
/// </summary>
internal static class GrainReferences
{
    /// <summary>The reference of the grain <typeparamref name="T"/> with <paramref name="key"/>, as <c>GetGrain</c> makes it.</summary>
    public static T Reference<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        if (Types<T>.Known is { } known)
        {
            return (T)grains.GetGrain(GrainId.Create(known.Grain, key), known.Interface);
        }
        var first = grains.GetGrain<T>(key);
        var reference = (GrainReference)(object)first;
        Types<T>.Known = new Resolved(reference.GrainId.Type, reference.InterfaceType);
        return first;
    }

    /// <summary>Both types of an interface; a class, so that it is published to other threads whole.</summary>
    private sealed record class Resolved(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
    {
        public static volatile Resolved? Known;
    }
}
