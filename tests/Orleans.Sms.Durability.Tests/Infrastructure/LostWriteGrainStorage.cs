using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Testing.Hosting;
using Orleans.Storage;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The host's real <c>sms</c> grain storage, except that the first state write of a grain whose key
/// <paramref name="target"/> accepts, made once <paramref name="armed"/> holds, is reported as failed. When
/// <paramref name="committed"/>, it was stored first and the grain keeps its old ETag: what the engine sees when storage
/// commits a write but its answer is lost (a client-side timeout), or the process dies right after it. Otherwise nothing
/// is stored: the process died before the write, or storage refused it. <see cref="Lost"/> completes when that has happened.
/// </summary>
public sealed class LostWriteGrainStorage(IGrainStorage inner, Func<string, bool> target, Func<bool> armed, bool committed)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the write has been lost.</summary>
    public Task Lost => _lost.Task;

    /// <summary>Wraps the host's <c>sms</c> grain storage (call from <c>ConfigureTestServices</c>, after the host registered it).</summary>
    public static void Install(
        IServiceCollection services, LostWriteGrainStorageSlot slot, Func<string, bool> target, Func<bool> armed, bool committed = false) =>
        services.Decorate<IGrainStorage>(SmsStorage.State, (_, inner) => slot.Storage = new LostWriteGrainStorage(inner, target, armed, committed));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!_lost.Task.IsCompleted && target(grainId.Key.ToString()) && armed() && _lost.TrySetResult())
        {
            if (committed)
            {
                // Stored, but the grain keeps its old ETag, as it would had the answer never come.
                await inner.WriteStateAsync(stateName, grainId, new GrainState<T>(grainState.State, grainState.ETag));
            }
            throw new TimeoutException($"The state write of {grainId} was lost (stored: {committed}).");
        }
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    // The Azure table provider creates its table when the silo starts.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}

/// <summary>Where the test finds the storage the host built.</summary>
public sealed class LostWriteGrainStorageSlot
{
    public LostWriteGrainStorage? Storage { get; set; }
}
