using System.Net;

namespace Orleans.Sms.Agents;

/// <summary>
/// Resolves the host of a URL the engine calls for a tenant to its addresses. DNS by default
/// (<see cref="DnsOutboundHostResolver"/>); a host may register its own (a test plays a rebinding DNS with it).
/// </summary>
public interface IOutboundHostResolver
{
    /// <summary>The addresses of <paramref name="host"/> (a name, never a literal address); throws when it has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's DNS.</summary>
public sealed class DnsOutboundHostResolver : IOutboundHostResolver
{
    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
