using Orleans.Sms.Archive;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>The reference behaviour: the memory archive of the embedded default.</summary>
public sealed class MemoryMessageArchiveTests : MessageArchiveBehaviour
{
    protected override IMessageArchive Archive { get; } = new MemoryMessageArchive();
}
