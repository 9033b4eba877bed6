namespace Orleans.Sms.Samples.Tests;

/// <summary>One in-process reminder agent for the tests that talk to it: it keeps no state between requests.</summary>
[CollectionDefinition(Name)]
public sealed class ReminderAgentCollection : ICollectionFixture<ReminderAgentFactory>
{
    public const string Name = "ReminderAgent";
}
