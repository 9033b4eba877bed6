namespace Orleans.Sms;

/// <summary>Names of the storage providers the grains use.</summary>
public static class SmsStorage
{
    /// <summary>Grain state of every Orleans.Sms grain.</summary>
    public const string State = "sms";

    /// <summary>
    /// Grain state of the recipients of messaging services (opt-out and sticky sender), keyed <c>{use case}|{number}</c>:
    /// on Azure tables in a table of its own whose writes of one use case are grouped (a campaign step writes dozens at once).
    /// </summary>
    public const string Recipients = "sms-recipients";
}

/// <summary>The clock the engine decides by. Keyed, so tests can fake it without faking Orleans' own time.</summary>
public static class SmsClock
{
    public const string Key = "sms";
}
