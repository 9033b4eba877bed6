using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Agents;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// The embedded default with <c>Sms:Agent:AllowPrivateNetworks=false</c> (its default, set explicitly), fast webhook
/// retries, and DNS answered by <see cref="Dns"/>: the system's own, except for names a test scripts (a rebinding DNS).
/// </summary>
public class GuardedHostFactory : SmsHostFactory
{
    public ScriptedDns Dns { get; } = new();

    protected virtual bool AllowPrivateNetworks => false;

    protected override void AddSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Sms:Agent:AllowPrivateNetworks", AllowPrivateNetworks ? "true" : "false");
        builder.UseSetting("Sms:Agent:Webhook:MaxAttempts", "2");
        builder.UseSetting("Sms:Agent:Webhook:RetryDelay", "00:00:00.010");
        builder.UseSetting("Sms:Agent:Webhook:MaxRetryDelay", "00:00:00.050");
        builder.ConfigureServices(services => services.AddSingleton<IOutboundHostResolver>(Dns));
    }
}

/// <summary>The same host with <c>Sms:Agent:AllowPrivateNetworks=true</c>, as when agents run beside the engine.</summary>
public sealed class PrivateNetworksHostFactory : GuardedHostFactory
{
    protected override bool AllowPrivateNetworks => true;
}

/// <summary>
/// DNS as the engine sees it: scripted names get their scripted answers in turn (the last one repeats), every other
/// name goes to the system's resolver. Records what it was asked.
/// </summary>
public sealed class ScriptedDns : IOutboundHostResolver
{
    private readonly ConcurrentDictionary<string, Queue<IPAddress[]>> _scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _asked = new();

    public IReadOnlyList<string> Asked => [.. _asked];

    /// <summary>A name no real DNS knows, answered with <paramref name="answers"/> one lookup after another.</summary>
    public string Script(params string[] answers)
    {
        var host = $"agent-{Guid.NewGuid():N}.rebind.test";
        _scripts[host] = new Queue<IPAddress[]>(answers.Select(a => new[] { IPAddress.Parse(a) }));
        return host;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _asked.Enqueue(host);
        if (!_scripts.TryGetValue(host, out var answers))
        {
            return new DnsOutboundHostResolver().ResolveAsync(host, cancellationToken);
        }
        lock (answers)
        {
            return Task.FromResult(answers.Count > 1 ? answers.Dequeue() : answers.Peek());
        }
    }
}
