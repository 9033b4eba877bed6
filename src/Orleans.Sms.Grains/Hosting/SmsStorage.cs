namespace Orleans.Sms;

/// <summary>Names of the storage providers the grains use.</summary>
public static class SmsStorage
{
    /// <summary>Grain state of every Orleans.Sms grain.</summary>
    public const string State = "sms";
}

/// <summary>The clock the engine decides by. Keyed, so tests can fake it without faking Orleans' own time.</summary>
public static class SmsClock
{
    public const string Key = "sms";
}
