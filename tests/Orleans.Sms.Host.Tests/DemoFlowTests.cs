using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>The README's curl session, over HTTP, against the embedded default.</summary>
[Collection(HostCollection.Name)]
public sealed class DemoFlowTests(SmsHostFactory factory)
{
    [Fact]
    public async Task SimulatedText_IsEchoedAndReadableAsAConversation()
    {
        var api = factory.CreateApiClient();

        var accepted = await api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = "(555) 123-0001", to = DevTenant.Number, body = "Hello from the README" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var ack = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("SM", ack.GetProperty("message_sid").GetString());
        var conversationId = ack.GetProperty("conversation_id").GetString()!;

        JsonElement outbox = default;
        await Eventually(async () =>
        {
            outbox = await api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox?to=%2B15551230001");
            return outbox.GetProperty("messages").GetArrayLength() == 1;
        });
        var sent = outbox.GetProperty("messages")[0];
        Assert.Equal("Hello from the README", sent.GetProperty("body").GetString());
        Assert.Equal(DevTenant.Number, sent.GetProperty("from").GetString());
        Assert.Equal("+15551230001", sent.GetProperty("to").GetString());

        var conversation = await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}");
        Assert.Equal(DevTenant.Number, conversation.GetProperty("agent_number").GetString());
        Assert.Equal("+15551230001", conversation.GetProperty("customer_number").GetString());
        Assert.Equal(DevTenant.UseCaseId, conversation.GetProperty("use_case_id").GetString());
        Assert.Equal("in_progress", conversation.GetProperty("status").GetString());
        Assert.True(conversation.GetProperty("agent_mode").GetBoolean());
        var session = conversation.GetProperty("session");
        Assert.Equal("active", session.GetProperty("state").GetString());
        Assert.True(session.GetProperty("engaged").GetBoolean());
        var messages = conversation.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal(("inbound", "user", "inbound"), Shape(messages[0]));
        Assert.Equal(("outbound", "agent", "sms_agent"), Shape(messages[1]));
        Assert.Equal("GSM-7", messages[1].GetProperty("encoding").GetString());
        Assert.Equal(1, messages[1].GetProperty("segments").GetInt32());
        Assert.Equal(sent.GetProperty("message_sid").GetString(), messages[1].GetProperty("provider_message_sid").GetString());
    }

    [Fact]
    public async Task RepeatedMessageSid_IsRecordedOnce()
    {
        var api = factory.CreateApiClient();
        var message = new { from = "+15551230002", to = DevTenant.Number, body = "only once", message_sid = "SMdemo00000000000000000000000001" };

        var first = await api.PostAsJsonAsync("/v1/simulator/inbound", message);
        var second = await api.PostAsJsonAsync("/v1/simulator/inbound", message);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var conversationId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversation_id").GetString();
        await Eventually(async () =>
            (await api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox?to=%2B15551230002")).GetProperty("messages").GetArrayLength() == 1);
        var conversation = await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}");
        Assert.Equal(1, conversation.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("direction").GetString() == "inbound"));
    }

    [Fact]
    public async Task PatchAndManualReply_ChangeTheConversation()
    {
        var api = factory.CreateApiClient();
        var ack = await (await api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = "+15551230003", to = DevTenant.Number, body = "I'd like a human" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = ack.GetProperty("conversation_id").GetString();

        var patched = await api.PatchAsJsonAsync($"/v1/conversations/{id}", new { status = "follow_up", agent_mode = false });
        var replied = await api.PostAsJsonAsync($"/v1/conversations/{id}/messages", new { message = "Hi, Dana here. How can I help?" });
        var sessions = await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}/sessions");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("follow_up", false), (body.GetProperty("status").GetString(), body.GetProperty("agent_mode").GetBoolean()));
        Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        Assert.Equal(1, sessions.GetProperty("sessions").GetArrayLength());
        var conversation = await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}");
        Assert.Contains(conversation.GetProperty("messages").EnumerateArray(),
            m => m.GetProperty("source").GetString() == "manual" && m.GetProperty("body").GetString() == "Hi, Dana here. How can I help?");
    }

    private static (string?, string?, string?) Shape(JsonElement message) => (
        message.GetProperty("direction").GetString(), message.GetProperty("role").GetString(), message.GetProperty("source").GetString());

    internal static Task Eventually(Func<Task<bool>> condition) =>
        Testing.Eventually.TrueAsync(condition, "the condition the test waits for");
}
