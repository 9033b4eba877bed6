using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Agents;

/// <summary>
/// Keeps the calls the engine makes for a tenant (webhook agents) off addresses <see cref="OutboundAddressRule"/> refuses
/// (docs/api.md: Boundaries): at creation, <see cref="CheckAsync"/> judges the URL's literal address or what its host resolves to
/// now; at call time, <see cref="ConnectAsync"/> (the webhook HttpClient's <c>ConnectCallback</c>) resolves the host
/// itself, judges every address and connects to the address it judged, so a name re-pointed after creation (DNS
/// rebinding) is refused too. Provider calls (<c>Sms:Twilio:BaseUrl</c>) are the operator's and do not come here.
/// </summary>
public sealed class OutboundCallGuard(IOutboundHostResolver resolver, IOptions<AgentOptions> options, ILogger<OutboundCallGuard> logger)
{
    /// <summary>How long a creation check waits for DNS; a slower answer counts as "does not resolve yet".</summary>
    public static readonly TimeSpan CreationResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The rule as configured now.</summary>
    public OutboundAddressRule Rule => new(options.Value.AllowPrivateNetworks);

    /// <summary>
    /// Judges the host of <paramref name="url"/> as it resolves now: null when it may be called. A host that does not
    /// resolve (yet) passes: agents are often registered before their DNS exists, and every call is judged again.
    /// </summary>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="cancellationToken">The request's token.</param>
    public async Task<OutboundRefusal?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rule = Rule;
        if (Literal(url.DnsSafeHost) is { } literal)
        {
            return rule.Allows(literal) ? null : new OutboundRefusal(OutboundAddressRule.Judge(literal), url.DnsSafeHost, literal);
        }
        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CreationResolveTimeout);
        try
        {
            addresses = await resolver.ResolveAsync(url.DnsSafeHost, timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // No answer (NXDOMAIN, a name DNS rejects, a slow server): nothing to judge now; the call time judges again.
            logger.LogInformation("Host {Host} does not resolve ({Error}); accepted, every call is checked", url.DnsSafeHost, ex.Message);
            return null;
        }
        // The resolved address is not shown to the tenant: what an internal name resolves to is not theirs to learn.
        return addresses.FirstOrDefault(a => !rule.Allows(a)) is { } refused
            ? new OutboundRefusal(OutboundAddressRule.Judge(refused), url.DnsSafeHost, null)
            : null;
    }

    /// <summary>
    /// The webhook HttpClient's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, refuses the call
    /// (<see cref="OutboundCallRefusedException"/>, never retried) when any of its addresses is not allowed, else
    /// connects to its addresses in turn.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = Literal(host) is { } literal ? [literal] : await resolver.ResolveAsync(host, cancellationToken);
        var rule = Rule;
        // Any refused address refuses the call: a name that mixes public and private answers is not one to trust.
        if (addresses.FirstOrDefault(a => !rule.Allows(a)) is { } refused)
        {
            logger.LogWarning(
                "Refused a call to {Host}:{Port}: it resolves to {Address} ({Verdict}); see Sms:Agent:AllowPrivateNetworks",
                host, port, refused, OutboundAddressRule.Judge(refused));
            throw new OutboundCallRefusedException(host);
        }
        return await ConnectToAsync(addresses, port, cancellationToken);
    }

    private static async Task<Stream> ConnectToAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static IPAddress? Literal(string host) =>
        IPAddress.TryParse(host.AsSpan().Trim("[]"), out var address) ? address : null;
}

/// <summary>Why <see cref="OutboundCallGuard.CheckAsync"/> refused a URL.</summary>
/// <param name="Verdict">The class of the refused address.</param>
/// <param name="Host">The URL's host.</param>
/// <param name="LiteralAddress">The address when the URL names one; null when the host is a name (its addresses stay unsaid).</param>
public sealed record class OutboundRefusal(OutboundAddressVerdict Verdict, string Host, IPAddress? LiteralAddress)
{
    /// <summary>A sentence for the caller, about the URL in <paramref name="field"/>.</summary>
    public string Describe(string field)
    {
        var what = LiteralAddress is { } address ? $"'{field}' is {Class} ({address})" : $"'{field}' host '{Host}' resolves to {Class}";
        return Verdict == OutboundAddressVerdict.LinkLocal
            ? $"{what}: the engine never calls those."
            : $"{what}: the engine calls those only when its operator sets Sms:Agent:AllowPrivateNetworks=true.";
    }

    private string Class => Verdict == OutboundAddressVerdict.LinkLocal
        ? "a link-local or cloud-metadata address"
        : "a loopback or private address";
}

/// <summary>The engine refused to call an address (<see cref="OutboundAddressRule"/>); the call is not retried.</summary>
public sealed class OutboundCallRefusedException(string host)
    : Exception($"calls to '{host}' are not allowed: it resolves to an address the engine does not call")
{
    /// <summary>Whether <paramref name="exception"/> is, or was caused by, a refusal.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundCallRefusedException)
            {
                return true;
            }
        }
        return false;
    }
}
