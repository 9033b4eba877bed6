using System.Net;
using System.Net.Sockets;

namespace Orleans.Sms.Testing.Processes;

/// <summary>Where the repository is (Azurite lives in its <c>eng/node_modules</c>).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "azurite.sh")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No eng/azurite.sh above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}

/// <summary>Free loopback ports for hosts, silos and gateways (several hosts run on one machine).</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
