using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Checks before start-up that the ports the host will listen on are free, so a second engine on one machine stops
/// with one line naming the setting instead of half-starting (the silo starts before Kestrel binds) or, for the silo
/// and gateway ports, sharing them with the first engine's listener.
/// </summary>
internal static class PortAvailability
{
    /// <summary>Adds a failure naming <paramref name="key"/> when <paramref name="port"/> is taken on any address.</summary>
    public static void Check(List<string> failures, string key, int port)
    {
        if (port is >= 1 and <= 65535 && InUse(IPAddress.Any, port))
        {
            failures.Add($"{key} {port} is in use by another process (another engine on this machine?): choose a free port.");
        }
    }

    /// <summary>The same for the HTTP front's URLs (<c>Urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public static void CheckHttp(List<string> failures, IConfiguration configuration)
    {
        const string settings = "Urls, --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS";
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = (configuration[WebHostDefaults.HttpPortsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // As Kestrel: the URLs when there are any, else the ports (on every address).
        var endpoints = urls.Length > 0
            ? urls.Select(Endpoint)
            : ports.Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) ? new IPEndPoint(IPAddress.Any, n) : null);
        foreach (var endpoint in endpoints.OfType<IPEndPoint>().Where(e => e.Port is >= 1 and <= 65535 && InUse(e.Address, e.Port)))
        {
            failures.Add($"The HTTP port {endpoint.Port} is in use by another process (another engine on this machine?): choose another with {settings}.");
        }
    }

    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards (http://*:5080, http://+:5080) are not URIs a Uri accepts as such.
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return null; // Kestrel says what is wrong with it
        }
        var address = uri.IsLoopback ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }

    private static bool InUse(IPAddress address, int port)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // e.g. an address this machine does not have: the listener itself will say so
        }
    }
}
