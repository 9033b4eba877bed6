namespace Orleans.Sms.Host.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<SmsHostFactory>
{
    public const string Name = "host";
}
