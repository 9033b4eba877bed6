using System.Net;
using Orleans.Sms.Testing.Processes;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents.Tests;

/// <summary>
/// The webhook agent's HttpClient opens every connection through the <see cref="OutboundCallGuard"/> (docs/api.md: Boundaries): after
/// DNS, to an allowed address only, and a refusal is final (not retried). Real Kestrel agents on 127.0.0.1, real DNS
/// for <c>localhost</c>.
/// </summary>
public sealed class WebhookAgentGuardTests
{
    private static AgentSpec Spec(string url, TestAgentServer server) => new(WebhookAgent.Type, url, server.Secret);

    private static string ViaLocalhost(TestAgentServer server) => server.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LoopbackLiteral_RefusedWithoutPrivateNetworks_CalledWithThem(bool allowPrivateNetworks)
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"hi"}"""));
        await using var services = WebhookAgentHost.Build(allowPrivateNetworks: allowPrivateNetworks);

        var call = services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server.Url, server)), CancellationToken.None);

        if (allowPrivateNetworks)
        {
            Assert.Equal("hi", (await call).Reply);
            Assert.Single(server.Requests);
        }
        else
        {
            var failure = await Assert.ThrowsAsync<AgentFailedException>(() => call);
            Assert.Equal("the agent's address is not allowed", failure.Reason);
            Assert.True(OutboundCallRefusedException.IsIn(failure.InnerException));
            Assert.Empty(server.Requests);
        }
    }

    [Fact]
    public async Task NameResolvingToLoopback_RefusedAfterDnsOnce_NotRetried()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"hi"}"""));
        var resolver = new CountingResolver();
        await using var services = WebhookAgentHost.Build(
            maxAttempts: "3", allowPrivateNetworks: false, more: s => s.AddSingleton<IOutboundHostResolver>(resolver));

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(ViaLocalhost(server), server)), CancellationToken.None));

        Assert.Equal("the agent's address is not allowed", failure.Reason);
        Assert.Equal(["localhost"], resolver.Asked);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NameResolvingToLoopback_WithPrivateNetworks_TheGuardConnectsItself()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"via a name"}"""));
        var resolver = new CountingResolver();
        await using var services = WebhookAgentHost.Build(more: s => s.AddSingleton<IOutboundHostResolver>(resolver));

        var reply = await services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(ViaLocalhost(server), server)), CancellationToken.None);

        Assert.Equal("via a name", reply.Reply);
        Assert.Equal(["localhost"], resolver.Asked);
        Assert.True(Assert.Single(server.Requests).SignatureValid);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    public async Task MetadataEndpoint_RefusedEvenWithPrivateNetworks(string url)
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("{}"));
        await using var services = WebhookAgentHost.Build(allowPrivateNetworks: true);

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(url, server)), CancellationToken.None));

        Assert.Equal("the agent's address is not allowed", failure.Reason);
    }

    [Fact]
    public async Task ClosedPort_ReasonSaysUnreachable_WithoutAddressPortOrSocketError()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("{}"));
        var port = Ports.Free();
        await using var services = WebhookAgentHost.Build(allowPrivateNetworks: true);

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec($"http://127.0.0.1:{port}/agent", server)), CancellationToken.None));

        Assert.Equal("the agent could not be reached (after 3 attempts)", failure.Reason);
        Assert.DoesNotContain("127.0.0.1", failure.Reason);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Reason);
        Assert.DoesNotContain("refused", failure.Reason, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The system's DNS, counting what it is asked: shows a refused call is not looked up (or tried) again.</summary>
    private sealed class CountingResolver : IOutboundHostResolver
    {
        private readonly List<string> _asked = [];

        public IReadOnlyList<string> Asked
        {
            get
            {
                lock (_asked)
                {
                    return [.. _asked];
                }
            }
        }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            lock (_asked)
            {
                _asked.Add(host);
            }
            return new DnsOutboundHostResolver().ResolveAsync(host, cancellationToken);
        }
    }
}
