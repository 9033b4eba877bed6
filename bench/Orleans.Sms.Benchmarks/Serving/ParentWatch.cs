using System.Diagnostics;

namespace Orleans.Sms.Benchmarks.Serving;

/// <summary>A child host ends itself when the benchmark that started it is gone (killed, crashed), so none is left behind.</summary>
internal static class ParentWatch
{
    public const string Key = "Bench:ParentPid";

    public static void Start(IConfiguration configuration, IHostApplicationLifetime lifetime)
    {
        if (!int.TryParse(configuration[Key], out var parentId))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            while (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                if (!IsAlive(parentId))
                {
                    Environment.Exit(3);
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
