using System.Reflection;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Benchmarks.Serving;

/// <summary>
/// <c>serve-engine</c>: runs the host's own entry point (<c>src/Orleans.Sms.Host/Program.cs</c>, whatever it maps today)
/// with the given arguments, in this process. <see cref="BenchHostingStartup"/> adds what a benchmark needs around it
/// (the stats endpoint, the ready line, the parent watch) through the standard ASP.NET Core hosting-startup hook.
/// </summary>
internal static class EngineServer
{
    public const string Command = "serve-engine";

    public static Task<int> RunAsync(string[] args)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_HOSTINGSTARTUPASSEMBLIES", typeof(BenchHostingStartup).Assembly.GetName().Name);
        var entryPoint = typeof(SmsHostOptions).Assembly.EntryPoint
            ?? throw new InvalidOperationException("The host assembly has no entry point.");
        var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
        return result switch
        {
            Task<int> running => running,
            int code => Task.FromResult(code),
            _ => Task.FromResult(0),
        };
    }
}
