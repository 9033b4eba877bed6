using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// A view a grain returns never aliases its state. <c>[Immutable]</c> return values are handed over by reference inside
/// the silo, and the host serializes them after the grain has moved on to its next message: a view over the grain's live
/// recent-messages list answered 500 (<c>Collection was modified</c>) or a cut-off body under traffic. This hammers one
/// conversation with PATCHes interleaved with simulator inbounds (each answered by the echo agent) over real HTTP.
/// </summary>
public abstract class ConcurrentViewTests(AdminHostFactory factory)
{
    private const int Rounds = 3;
    private const int Patches = 36;
    private const int Inbounds = 24;

    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : ConcurrentViewTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : ConcurrentViewTests(factory);

    [Fact]
    public async Task PatchUnderInboundTraffic_AlwaysAnswers200WithACompleteView()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("917");
        var sequence = 0;
        Task<HttpResponseMessage> Text() => tenant.Api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = customer, to = tenant.Number, body = $"message {Interlocked.Increment(ref sequence)}" });
        // A transcript long enough that serializing the view takes a while.
        var conversationId = (await Http.ReadAsync(await Text())).GetProperty("conversation_id").GetString()!;
        for (var i = 0; i < 10; i++)
        {
            await Http.ReadAsync(await Text());
        }
        string[] statuses = ["qualified", "follow_up", "in_progress"];

        var failures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var patches = Enumerable.Range(0, Patches).Select(async i =>
            {
                await start.Task;
                return await tenant.Api.PatchAsJsonAsync($"/v1/conversations/{conversationId}", new { status = statuses[i % statuses.Length] });
            }).ToList();
            var inbounds = Enumerable.Range(0, Inbounds).Select(async _ =>
            {
                await start.Task;
                return await Text();
            }).ToList();
            start.SetResult();

            foreach (var response in await Task.WhenAll(patches))
            {
                failures.AddRange(await ProblemWithViewAsync(response, conversationId));
            }
            foreach (var response in await Task.WhenAll(inbounds))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    failures.Add($"inbound: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join("\n", failures.Take(5))}");
    }

    /// <summary>Nothing when the answer is a 200 with a whole view of the conversation; else what was wrong with it.</summary>
    private static async Task<IEnumerable<string>> ProblemWithViewAsync(HttpResponseMessage response, string conversationId)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [$"PATCH: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}"];
        }
        try
        {
            using var view = JsonDocument.Parse(body);
            var root = view.RootElement;
            var messages = root.GetProperty("messages").EnumerateArray().ToList();
            return root.GetProperty("conversation_id").GetString() == conversationId
                && messages.Count > 0 && messages.All(m => m.GetProperty("message_id").GetString() is { Length: > 0 })
                ? []
                : [$"PATCH: 200 with an incomplete view: {body[..Math.Min(body.Length, 300)]}"];
        }
        catch (JsonException ex)
        {
            return [$"PATCH: 200 with a body that does not parse ({ex.Message}), {body.Length} characters"];
        }
    }
}
