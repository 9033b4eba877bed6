using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Testing.Hosting;
using Orleans.Storage;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The host's real <c>sms</c> grain storage, except that the first state write of a grain whose key
/// <paramref name="target"/> accepts, made once <paramref name="armed"/> holds, fails and stores nothing: what the engine sees when its process dies before a write,
/// or storage refuses it. <see cref="Lost"/> completes when that has happened.
/// </summary>
public sealed class LostWriteGrainStorage(IGrainStorage inner, Func<string, bool> target, Func<bool> armed)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the write has been lost.</summary>
    public Task Lost => _lost.Task;

    /// <summary>Wraps the host's <c>sms</c> grain storage (call from <c>ConfigureTestServices</c>, after the host registered it).</summary>
    public static void Install(IServiceCollection services, LostWriteGrainStorageSlot slot, Func<string, bool> target, Func<bool> armed) =>
        services.Decorate<IGrainStorage>(SmsStorage.State, (_, inner) => slot.Storage = new LostWriteGrainStorage(inner, target, armed));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!_lost.Task.IsCompleted && target(grainId.Key.ToString()) && armed() && _lost.TrySetResult())
        {
            throw new TimeoutException($"The state write of {grainId} was lost: nothing was stored.");
        }
        return inner.WriteStateAsync(stateName, grainId, grainState);
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
