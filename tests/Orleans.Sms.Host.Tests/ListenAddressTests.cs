using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Host.Tests;

/// <summary>The real host process listens where ASP.NET Core's own settings say (containers and platforms choose the port).</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    [InlineData("--urls")]
    public async Task Host_ListensWhereTheStandardSettingSays(string setting)
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orleans.Sms.Host.dll"));
        var url = $"http://127.0.0.1:{port}";
        switch (setting)
        {
            case "--urls":
                start.ArgumentList.Add("--urls");
                start.ArgumentList.Add(url);
                break;
            case "ASPNETCORE_HTTP_PORTS":
                start.Environment[setting] = port.ToString(CultureInfo.InvariantCulture);
                break;
            default:
                start.Environment[setting] = url;
                break;
        }
        start.Environment["Sms__Cluster__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        start.Environment["Sms__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        var output = new StringBuilder();

        using var host = await ListeningProcess.StartAsync(start, port, TimeSpan.FromSeconds(60), line =>
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        });
        try
        {
            Assert.True(host is not null, $"The host did not listen on port {port} with {setting}. Output:\n{output}");
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            if (host is { HasExited: false })
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }
    }
}
