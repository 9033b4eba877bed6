using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Sms.Contacts;
using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Tests.Contacts;

/// <summary>
/// The import runner disposed while it runs, without a stop: what the host does when a later service fails to start.
/// Disposing must not throw, or its exception replaces the start failure the operator needs to see.
/// </summary>
public sealed class ContactImportRunnerDisposeTests : IDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "orleans-sms-dispose-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Dispose_WhileRunning_WithoutAStop_DoesNotThrow()
    {
        // No import is spooled, so the grain factory is never used.
        var runner = new ContactImportRunner(
            grains: null!, new MemoryContactStore(), TimeProvider.System,
            Options.Create(new ContactImportOptions { SpoolPath = _spool }), NullLogger<ContactImportRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        // ExecuteAsync runs on the thread pool: once the spool exists, its link to the stop is registered.
        await Eventually.TrueAsync(() => Directory.Exists(_spool), "the runner to create its spool directory");

        var disposing = Record.Exception(runner.Dispose);

        Assert.Null(disposing);
        await runner.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10)); // the dispose stopped the run, and it ended cleanly
    }

    public void Dispose()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }
}
