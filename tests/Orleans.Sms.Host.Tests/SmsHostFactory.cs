using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>The engine on its embedded default, with its own silo ports so several hosts can run at once.</summary>
public sealed class SmsHostFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sms:Cluster:SiloPort", FreePort().ToString());
        builder.UseSetting("Sms:Cluster:GatewayPort", FreePort().ToString());
        builder.UseSetting("Sms:Agent:BatchWindow", "00:00:00");
    }

    public string ApiKey => Services.GetRequiredService<DevTenant>().ApiKey
        ?? throw new InvalidOperationException("The dev tenant was not seeded.");

    public HttpClient CreateApiClient(string? apiKey = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey ?? ApiKey);
        return client;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
