using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Simulator;

/// <summary>
/// The embedded default's provider side: the same steps as Twilio (create a service, add and remove numbers,
/// delete it), recorded in this process instead of made at a carrier.
/// </summary>
public sealed class SimulatorMessagingProvider(ILogger<SimulatorMessagingProvider> logger) : IMessagingProvider
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _services = new();

    /// <summary>The numbers of a simulated service, for inspection; null when it does not exist.</summary>
    public IReadOnlyCollection<string>? NumbersOf(string serviceId) =>
        _services.TryGetValue(serviceId, out var numbers) ? numbers.Keys.ToList() : null;

    public Task<string> CreateServiceAsync(string useCaseId, string friendlyName, CancellationToken cancellationToken)
    {
        var sid = "MG" + Guid.NewGuid().ToString("N");
        _services[sid] = new();
        logger.LogInformation("Simulated messaging service {ServiceSid} created for use case {UseCaseId}", sid, useCaseId);
        return Task.FromResult(sid);
    }

    public Task AddNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken)
    {
        _services.GetOrAdd(serviceId, _ => new())[phoneNumber] = true;
        return Task.CompletedTask;
    }

    public Task RemoveNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken)
    {
        if (_services.TryGetValue(serviceId, out var numbers))
        {
            numbers.TryRemove(phoneNumber, out _);
        }
        return Task.CompletedTask;
    }

    public Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken)
    {
        _services.TryRemove(serviceId, out _);
        return Task.CompletedTask;
    }
}
