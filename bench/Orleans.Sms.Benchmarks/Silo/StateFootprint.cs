using Orleans.Runtime;
using Orleans.Sms.Conversations;
using Orleans.Storage;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>
/// What a conversation's state weighs on its own: the stored states of some conversations, read back through the grain
/// storage (deserialized as an activation does), held in a list and measured; then without their dedup window and
/// without their recent messages. The rest of an activation's bytes are Orleans' own (activation, grain, state bridge).
/// </summary>
internal static class StateFootprint
{
    public sealed record class Breakdown(int States, double StateBytes, double RecentBytes, double DedupBytes, double StoredJsonBytes);

    public static async Task<Breakdown> MeasureAsync(IServiceProvider services, IReadOnlyList<string> conversationIds)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(SmsStorage.State);
        var serializer = services.GetRequiredService<IGrainStorageSerializer>();
        var states = new List<ConversationState>(conversationIds.Count);
        long storedBytes = 0;
        foreach (var id in conversationIds)
        {
            var grainState = new GrainState<ConversationState>(new ConversationState());
            await storage.ReadStateAsync("conversation", GrainId.Create("conversation", id), grainState);
            states.Add(grainState.State ?? throw new InvalidOperationException($"No stored state for {id}."));
            storedBytes += serializer.Serialize(grainState.State).Length;
        }
        var held = Heap.AfterFullCollection();
        foreach (var state in states)
        {
            state.Dedup = new DedupWindow();
        }
        var withoutDedup = Heap.AfterFullCollection();
        foreach (var state in states)
        {
            state.Recent = [];
        }
        var withoutRecent = Heap.AfterFullCollection();
        states.Clear();
        states.TrimExcess();
        var none = Heap.AfterFullCollection();
        double n = conversationIds.Count;
        return new Breakdown(conversationIds.Count, (held - none) / n, (withoutDedup - withoutRecent) / n, (held - withoutDedup) / n, storedBytes / n);
    }
}
