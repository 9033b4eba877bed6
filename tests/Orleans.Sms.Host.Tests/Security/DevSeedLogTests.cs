using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>Secrets never go to logs as values (docs/api.md: Boundaries): the dev seed prints its key for the newcomer, and logs without it.</summary>
public sealed class DevSeedLogTests(DevSeedLogTests.RecordingHostFactory factory) : IClassFixture<DevSeedLogTests.RecordingHostFactory>
{
    [Fact]
    public void DevSeed_NeverLogsTheApiKey()
    {
        var key = factory.ApiKey; // the host is up and seeded

        Assert.Contains(factory.Entries, e => e.Message.Contains("Dev tenant ready", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Entries, e => e.Message.Contains(key, StringComparison.Ordinal)
            || e.Values.Any(v => v?.ToString()?.Contains(key, StringComparison.Ordinal) == true));
    }

    /// <summary>The embedded default with every log entry recorded: its message and its structured values.</summary>
    public sealed class RecordingHostFactory : SmsHostFactory
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Message, IReadOnlyList<object?> Values)> Entries { get; } = new();

        protected override void AddSettings(IWebHostBuilder builder) =>
            builder.ConfigureLogging(logging => logging.AddProvider(new Recorder(Entries)));
    }

    private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<(string, IReadOnlyList<object?>)> entries) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((formatter(state, exception),
                state is IEnumerable<KeyValuePair<string, object?>> values ? values.Select(v => v.Value).ToList() : []));

        public void Dispose()
        {
        }
    }
}
