namespace Orleans.Sms.Usage;

/// <summary>One page of a day's usage (<see cref="UsageLedger"/>): the counters of the entries applied to it and each source's last one.</summary>
[GenerateSerializer, Alias("sms.UsageState")]
internal sealed class UsageState
{
    [Id(0)] public long InboundMessages { get; set; }
    [Id(1)] public long InboundSegments { get; set; }
    [Id(2)] public long OutboundMessages { get; set; }
    [Id(3)] public long OutboundSegments { get; set; }

    /// <summary>Each source's last <see cref="UsageEntry.Sequence"/> applied to this page.</summary>
    [Id(4)] public Dictionary<string, long> Applied { get; set; } = [];

    /// <summary>Page 0 only: how many pages the day has (0 in a day stored before it had pages: one).</summary>
    [Id(5)] public int Pages { get; set; }

    /// <summary>Adds the entry's delta and records it as its source's last.</summary>
    public void Add(UsageEntry entry)
    {
        InboundMessages += entry.Delta.InboundMessages;
        InboundSegments += entry.Delta.InboundSegments;
        OutboundMessages += entry.Delta.OutboundMessages;
        OutboundSegments += entry.Delta.OutboundSegments;
        Applied[entry.Source] = entry.Sequence;
    }
}
