using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

[assembly: HostingStartup(typeof(Orleans.Sms.Durability.Tests.Infrastructure.TestReminderPeriod))]

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// Loaded into the real host processes of <see cref="HostProcess"/> (ASPNETCORE_HOSTINGSTARTUPASSEMBLIES), tests only:
/// Orleans' one-minute minimum reminder period becomes one second, as <see cref="InProcessHost"/> does in-process. The
/// host has no setting for it, and the engine ticks at max(grace period, minimum): a missed tick would otherwise wait
/// a minute. Nothing else of the host changes.
/// </summary>
public sealed class TestReminderPeriod : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)));
}
