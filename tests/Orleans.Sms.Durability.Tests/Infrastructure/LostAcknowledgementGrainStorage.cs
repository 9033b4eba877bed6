using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Testing.Hosting;
using Orleans.Storage;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The host's real <c>sms</c> grain storage, except that the first state write of one grain is stored and then reported
/// as failed: what the engine sees when storage commits a write but its answer is lost (a client-side timeout), or when
/// the process dies right after the write. The carrier then retries the webhook.
/// </summary>
public sealed class LostAcknowledgementGrainStorage(IGrainStorage inner, string grainKey)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private int _lost;

    /// <summary>Wraps the host's <c>sms</c> grain storage (call from <c>ConfigureTestServices</c>, after the host registered it).</summary>
    public static void Install(IServiceCollection services, string grainKey) =>
        services.Decorate<IGrainStorage>(SmsStorage.State, (_, inner) => new LostAcknowledgementGrainStorage(inner, grainKey));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainId.Key.ToString() == grainKey && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            // Stored, but the grain keeps its old ETag, as it would had the answer never come.
            await inner.WriteStateAsync(stateName, grainId, new GrainState<T>(grainState.State, grainState.ETag));
            throw new TimeoutException($"The state write of {grainId} was committed, but its acknowledgement was lost.");
        }
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    // The Azure table provider creates its table when the silo starts.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
