using System.Collections.Concurrent;
using System.Net;
using Orleans.Serialization;
using Orleans.Storage;

using Orleans.Sms.Testing.Hosting;

namespace Orleans.Sms.Tests.Infrastructure.Storage;

/// <summary>
/// What the tests look at in the <c>sms</c> grain storage of every silo of a cluster, whichever provider it is: the
/// successful writes of each grain and the serialized size of the state it wrote last. It decorates the provider the
/// storage mode registered; reads, writes and clears still go to that provider.
/// </summary>
public sealed class GrainStorageProbe
{
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<GrainId, int> _sizes = new();
    private readonly ConcurrentDictionary<GrainId, (bool Committed, int Skip)> _faults = new();

    public int WritesOf(GrainId grainId) => _writes.GetValueOrDefault(grainId);

    /// <summary>Bytes of the grain's last written state in Orleans' serializer (the one both storage modes write with).</summary>
    public int SizeOf(GrainId grainId) => _sizes.GetValueOrDefault(grainId);

    /// <summary>
    /// The grain's next state write (after <paramref name="skip"/> more that go through) fails with a timeout: after the
    /// provider stored it when <paramref name="committed"/> (the acknowledgement of a committed write is lost), else before
    /// it reaches the provider.
    /// </summary>
    public void FailNextWrite(GrainId grainId, bool committed, int skip = 0) => _faults[grainId] = (committed, skip);

    /// <summary>True while the fault set by <see cref="FailNextWrite"/> waits for the grain's next write.</summary>
    public bool WriteFaultPending(GrainId grainId) => _faults.ContainsKey(grainId);

    /// <summary>Wraps the silo's <c>sms</c> grain storage; call after the storage mode registered it.</summary>
    public void Attach(IServiceCollection services) =>
        services.Decorate<IGrainStorage>(SmsStorage.State, (sp, inner) => new Counting(inner, this, sp.GetRequiredService<Serializer>()));

    private sealed class Counting(IGrainStorage inner, GrainStorageProbe probe, Serializer serializer)
        : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IRestExceptionDecoder, IDisposable
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (probe._faults.TryGetValue(grainId, out var fault) && fault.Skip > 0)
            {
                probe._faults[grainId] = fault with { Skip = fault.Skip - 1 };
            }
            else if (probe._faults.TryRemove(grainId, out var armed))
            {
                if (armed.Committed)
                {
                    await inner.WriteStateAsync(stateName, grainId, new GrainState<T>(grainState.State) { ETag = grainState.ETag });
                }
                throw new TimeoutException($"The state write of {grainId} timed out (stored: {armed.Committed}).");
            }
            await inner.WriteStateAsync(stateName, grainId, grainState);
            probe._writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
            probe._sizes[grainId] = serializer.SerializeToArray(grainState.State).Length;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);

        // Providers that create their table at start-up (Azure) take part in the silo's lifecycle through the storage itself.
        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

        // What Orleans asks of a storage provider besides its operations: decoding its errors for logs, and disposal.
        public bool DecodeException(Exception exception, out HttpStatusCode httpStatusCode, out string restStatus, bool getExtendedErrors = false)
        {
            if (inner is IRestExceptionDecoder decoder)
            {
                return decoder.DecodeException(exception, out httpStatusCode, out restStatus, getExtendedErrors);
            }
            (httpStatusCode, restStatus) = (default, "");
            return false;
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
