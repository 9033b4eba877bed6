namespace Orleans.Sms.Benchmarks.Benchmarks;

internal static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new InboundBenchmark(),
        new SlowAgentBenchmark(),
        new StorageOpsBenchmark(),
        new MemoryBenchmark(),
        new TimersBenchmark(),
        new AgentOverheadBenchmark(),
        new ImportBenchmark(),
        new CampaignBenchmark(),
    ];

    public static IBenchmark? Find(string name) => All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
}
