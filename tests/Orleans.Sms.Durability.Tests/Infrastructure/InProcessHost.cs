using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>The real host in this process (its HTTP front through the test server, its silo on real ports).</summary>
/// <param name="settings">The host's configuration.</param>
/// <param name="services">Tests only: a change to the host's services (e.g. a fault around a storage dependency).</param>
public sealed class InProcessHost(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The test server listens nowhere; without this the host's start-up check would judge the README's port 5080.
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        // Tests only: Orleans allows reminders every minute at most; the engine ticks at max(grace period, this minimum),
        // so a second lets a three-second grace period tick at three seconds.
        builder.ConfigureServices(s => s.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
        if (services is not null)
        {
            builder.ConfigureTestServices(services); // after the host's own registrations, so it can wrap them
        }
    }
}
