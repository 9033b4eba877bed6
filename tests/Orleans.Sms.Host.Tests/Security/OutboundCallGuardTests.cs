using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing.Agents;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Boundaries "the engine calls out only where it should", over real HTTP against the real host with
/// <c>Sms:Agent:AllowPrivateNetworks=false</c>: webhook agents on loopback, private, link-local or metadata addresses
/// are refused at creation (400 <c>invalid_request</c>) and at call time (a name re-pointed after creation), and what
/// the tenant reads of a failed call carries no address or port.
/// </summary>
public sealed class OutboundCallGuardTests(GuardedHostFactory factory) : IClassFixture<GuardedHostFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:47397/agent")]
    [InlineData("http://127.8.9.10/agent")]
    [InlineData("http://10.0.0.7:8080/agent")]
    [InlineData("http://172.16.4.2/agent")]
    [InlineData("http://192.168.1.20/agent")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://[::1]:8080/agent")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[fe80::1]/agent")]
    [InlineData("http://[::ffff:127.0.0.1]/agent")]
    [InlineData("http://[::ffff:a9fe:a9fe]/agent")] // 169.254.169.254, IPv4-mapped in hex
    [InlineData("http://0.0.0.0:8080/agent")]
    [InlineData("http://2130706433/agent")] // 127.0.0.1 as one decimal number
    [InlineData("https://localhost/agent")] // a name that resolves to loopback
    [InlineData("http://LocalHost:9000/agent")]
    public async Task CreateWebhookUseCase_ForbiddenAddress_Is400InvalidRequest_AndNothingIsCreated(string url)
    {
        var tenant = await TestTenant.CreateAsync(factory);

        var response = await tenant.Live.PostAsJsonAsync("/v1/use-cases",
            new { name = "Probe", channel = "sms", agent = new { type = "webhook", url, secret = "s3cret" } });

        var detail = await GuardScenario.InvalidRequestDetailAsync(response);
        Assert.Contains("'agent.url'", detail);
        Assert.Contains(url.Contains("169.254") || url.Contains("a9fe") || url.Contains("fe80") || url.Contains("ec2")
            ? "link-local or cloud-metadata" : "loopback or private", detail);
        var listed = await tenant.Live.GetFromJsonAsync<JsonElement>("/v1/use-cases");
        Assert.Equal(0, listed.GetProperty("use_cases").GetArrayLength());
    }

    [Fact]
    public async Task CreateWebhookUseCase_NameResolvingToPrivate_DetailDoesNotSayWhereItResolves()
    {
        var tenant = await TestTenant.CreateAsync(factory);
        var host = factory.Dns.Script("10.20.30.40");

        var response = await tenant.Live.PostAsJsonAsync("/v1/use-cases",
            new { name = "Probe", channel = "sms", agent = new { type = "webhook", url = $"https://{host}/agent", secret = "s3cret" } });

        var detail = await GuardScenario.InvalidRequestDetailAsync(response);
        Assert.Contains(host, detail);
        Assert.DoesNotContain("10.20.30.40", detail);
    }

    [Theory]
    [InlineData("https://agent.example/sms")] // does not resolve (yet): accepted, every call is judged again
    [InlineData("http://93.184.216.34:8080/agent")]
    [InlineData("http://[2606:4700:4700::1111]/agent")]
    public async Task CreateWebhookUseCase_PublicOrNotYetResolvingHost_Is201(string url)
    {
        var tenant = await TestTenant.CreateAsync(factory);

        var response = await tenant.Live.PostAsJsonAsync("/v1/use-cases",
            new { name = "Agent", channel = "sms", agent = new { type = "webhook", url, secret = "s3cret" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task NameRepointedToLoopbackAfterCreation_CallRefused_LocalServiceNeverReached()
    {
        await using var reached = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"secrets of the intranet"}"""));
        var port = new Uri(reached.Url).Port;
        // Public when the use case is created, loopback from the first call on: DNS rebinding.
        var host = factory.Dns.Script("93.184.216.34", "127.0.0.1");
        var tenant = await TestTenant.CreateAsync(factory);
        var number = await GuardScenario.SetUpAsync(tenant, $"http://{host}:{port}/agent", reached.Secret);

        var conversation = await GuardScenario.FailedTurnAsync(factory, tenant, number);

        Assert.Equal("the agent's address is not allowed", conversation.Reason);
        Assert.Empty(reached.Requests);
        Assert.Empty(await GuardScenario.OutboxAsync(tenant, conversation.Customer));
        Assert.Equal(2, factory.Dns.Asked.Count(h => h == host)); // at creation, and once at call time: not retried
        GuardScenario.AssertNoNetworkDetail(conversation.Reason, port);
    }
}

/// <summary>
/// The same boundaries with <c>Sms:Agent:AllowPrivateNetworks=true</c>: a loopback agent works, link-local and metadata
/// addresses stay refused, and a failing call tells the tenant nothing about the engine's network.
/// </summary>
public sealed class OutboundCallGuardWithPrivateNetworksTests(PrivateNetworksHostFactory factory) : IClassFixture<PrivateNetworksHostFactory>
{
    [Fact]
    public async Task LoopbackAgent_Answers()
    {
        await using var agent = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"hello from next door"}"""));
        var tenant = await TestTenant.CreateAsync(factory);
        var number = await GuardScenario.SetUpAsync(tenant, agent.Url, agent.Secret);
        var customer = TestTenant.NewNumber("628");

        await GuardScenario.TextAsync(tenant, customer, number, "hi");

        await DemoFlowTests.Eventually(async () => (await GuardScenario.OutboxAsync(tenant, customer)).Count == 1);
        Assert.Equal("hello from next door", (await GuardScenario.OutboxAsync(tenant, customer))[0]);
        Assert.True(Assert.Single(agent.Requests).SignatureValid);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[fe80::a9fe:a9fe]/")]
    public async Task CreateWebhookUseCase_LinkLocalOrMetadata_StillRefused(string url)
    {
        var tenant = await TestTenant.CreateAsync(factory);

        var response = await tenant.Live.PostAsJsonAsync("/v1/use-cases",
            new { name = "Probe", channel = "sms", agent = new { type = "webhook", url, secret = "s3cret" } });

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task NameRepointedToMetadataAfterCreation_CallRefused()
    {
        var host = factory.Dns.Script("93.184.216.34", "169.254.169.254");
        var tenant = await TestTenant.CreateAsync(factory);
        var number = await GuardScenario.SetUpAsync(tenant, $"http://{host}/latest/meta-data/", "s3cret");

        var conversation = await GuardScenario.FailedTurnAsync(factory, tenant, number);

        Assert.Equal("the agent's address is not allowed", conversation.Reason);
        GuardScenario.AssertNoNetworkDetail(conversation.Reason, 80);
    }

    [Fact]
    public async Task ClosedPort_FailureReasonIsNoPortProbe()
    {
        var port = Ports.Free(); // nothing listens there: "Connection refused (127.0.0.1:port)" on the wire
        var tenant = await TestTenant.CreateAsync(factory);
        var number = await GuardScenario.SetUpAsync(tenant, $"http://127.0.0.1:{port}/agent", "s3cret");

        var conversation = await GuardScenario.FailedTurnAsync(factory, tenant, number);

        Assert.Equal("the agent could not be reached (after 2 attempts)", conversation.Reason);
        GuardScenario.AssertNoNetworkDetail(conversation.Reason, port);
    }

    [Fact]
    public async Task ServerError_ReasonNamesTheStatusOnly()
    {
        await using var agent = await TestAgentServer.StartAsync((_, context) =>
            TestAgentServer.WriteJsonAsync(context, """{"error":"db at 10.0.0.5:5432 is down"}""", status: 500));
        var tenant = await TestTenant.CreateAsync(factory);
        var number = await GuardScenario.SetUpAsync(tenant, agent.Url, agent.Secret);

        var conversation = await GuardScenario.FailedTurnAsync(factory, tenant, number);

        Assert.Equal("the agent answered HTTP 500 (after 2 attempts)", conversation.Reason);
        GuardScenario.AssertNoNetworkDetail(conversation.Reason, new Uri(agent.Url).Port);
    }
}

/// <summary>A tenant's number in an sms use case with a webhook agent, and the simulator's inbound path, over HTTP.</summary>
internal static class GuardScenario
{
    public sealed record class FailedTurn(string Customer, string Reason);

    public static async Task<string> SetUpAsync(TestTenant tenant, string agentUrl, string secret)
    {
        var number = TestTenant.NewNumber("628");
        await tenant.RegisterNumberAsync(number, capabilities: ["sms"]);
        var useCaseId = await tenant.CreateUseCaseAsync(agent: new { type = "webhook", url = agentUrl, secret });
        await Http.ReadAsync(await tenant.Live.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number }));
        return number;
    }

    public static async Task<string> TextAsync(TestTenant tenant, string customer, string number, string body)
    {
        var accepted = await Http.ReadAsync(await tenant.Live.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = number, body }));
        return accepted.GetProperty("conversation_id").GetString()!;
    }

    /// <summary>Texts the number and waits for the agent turn to fail (the conversation turns <c>follow_up</c>).</summary>
    public static async Task<FailedTurn> FailedTurnAsync(SmsHostFactory factory, TestTenant tenant, string number)
    {
        var customer = TestTenant.NewNumber("629");
        var conversationId = await TextAsync(tenant, customer, number, "hello?");
        JsonElement conversation = default;
        await DemoFlowTests.Eventually(async () =>
        {
            conversation = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}");
            return conversation.GetProperty("status").GetString() == "follow_up";
        });
        Assert.Equal("hello?", conversation.GetProperty("messages")[0].GetProperty("body").GetString()); // nothing lost
        return new FailedTurn(customer, conversation.GetProperty("last_agent_failure").GetProperty("reason").GetString()!);
    }

    public static async Task<IReadOnlyList<string>> OutboxAsync(TestTenant tenant, string customer)
    {
        var outbox = await tenant.Live.GetFromJsonAsync<JsonElement>($"/v1/simulator/outbox?to={Uri.EscapeDataString(customer)}");
        return [.. outbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!)];
    }

    /// <summary>Asserts a 400 <c>invalid_request</c> problem (as <see cref="ErrorTests.AssertProblemAsync"/>) and gives its detail.</summary>
    public static async Task<string> InvalidRequestDetailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        return problem.GetProperty("detail").GetString()!;
    }

    public static void AssertNoNetworkDetail(string reason, int port)
    {
        Assert.DoesNotContain(port.ToString(CultureInfo.InvariantCulture), reason);
        foreach (var leak in new[] { "127.0.0.1", "169.254", "10.0.0.5", "::1", "localhost", "refused", "connection", "socket", ".rebind.test" })
        {
            Assert.DoesNotContain(leak, reason, StringComparison.OrdinalIgnoreCase);
        }
    }
}
