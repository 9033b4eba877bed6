using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// A campaign driven over the engine's HTTP API as a customer would (docs/api.md: Campaigns): created with quiet hours off, its
/// audience added as phone numbers (<see cref="MaxPerCall"/> per call), started, and polled until <c>completed</c>.
/// </summary>
internal sealed class EngineCampaign
{
    /// <summary>
    /// Numbers per call. The API takes up to 10,000 (docs/api.md: Campaigns), but the host caps a JSON body at 64 KB
    /// (<c>RequestLimits.MaxBodyBytes</c>), which 10,000 numbers (~150 KB) exceed: 413 <c>payload_too_large</c>. 4,000 fit (with '+' not escaped).
    /// </summary>
    public const int MaxPerCall = 4_000;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EngineTenant _tenant;
    private readonly string _id;

    private EngineCampaign(EngineTenant tenant, string id) => (_tenant, _id) = (tenant, id);

    public string Id => _id;

    /// <summary>The text every recipient gets (no template variables: filled the same for everyone, one segment).</summary>
    public const string Message = "Flu shots are in at Springfield Clinic. Reply YES to book or STOP to opt out.";

    /// <summary>A sender pool of <paramref name="senders"/> (mobile numbers) with pacing lifted: each at the API's highest mps (1,000).</summary>
    public static async Task<string> UseCaseAsync(EngineTenant tenant, IReadOnlyList<string> senders, string name)
    {
        var useCase = await tenant.AddUseCaseAsync(senders, agent: null, name);
        foreach (var number in senders)
        {
            await EnsureAsync(await tenant.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}", new { mps = 1000 }));
        }
        return useCase;
    }

    public static async Task<EngineCampaign> CreateAsync(EngineTenant tenant, string useCaseId, string name)
    {
        var created = await EnsureAsync(await tenant.Api.PostAsJsonAsync("/v1/campaigns",
            new { name, use_case_id = useCaseId, message = Message, quiet_hours = new { enabled = false } }));
        return new EngineCampaign(tenant, created.GetProperty("campaign_id").GetString()!);
    }

    /// <summary>Adds <paramref name="numbers"/> in calls of <see cref="MaxPerCall"/>; returns how many were added.</summary>
    public async Task<int> AddAsync(IReadOnlyList<string> numbers)
    {
        var added = 0;
        foreach (var chunk in numbers.Chunk(MaxPerCall))
        {
            // '+' unescaped: System.Text.Json's default writes it as \u002B, and 4,000 numbers would not fit in 64 KB.
            var body = JsonSerializer.Serialize(new { phone_numbers = chunk }, Relaxed);
            var answer = await EnsureAsync(await _tenant.Api.PostAsync($"/v1/campaigns/{_id}/recipients", new StringContent(body, System.Text.Encoding.UTF8, "application/json")));
            added += answer.GetProperty("added").GetInt32();
        }
        return added;
    }

    /// <summary>Starts the campaign and polls it every 200 ms until it is no longer running; <paramref name="sample"/> runs at each poll.</summary>
    public async Task<Outcome> RunAsync(Func<Task>? sample = null, Action<JsonElement>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        await EnsureAsync(await _tenant.Api.PostAsync($"/v1/campaigns/{_id}/start", null));
        var lastProgress = TimeSpan.Zero;
        JsonElement view;
        while (true)
        {
            view = await EnsureAsync(await _tenant.Api.GetAsync($"/v1/campaigns/{_id}"));
            if (view.GetProperty("status").GetString() is not ("running" or "scheduled"))
            {
                break;
            }
            if (sample is not null)
            {
                await sample();
            }
            if (progress is not null && watch.Elapsed - lastProgress > TimeSpan.FromSeconds(10))
            {
                lastProgress = watch.Elapsed;
                progress(view);
            }
            await Task.Delay(200);
        }
        var counts = view.GetProperty("counts");
        return new Outcome(view.GetProperty("status").GetString()!, watch.Elapsed, counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32(),
            counts.GetProperty("failed").GetInt32(), counts.GetProperty("skipped").GetInt32(), counts.GetRawText());
    }

    /// <summary>Distinct US mobile-looking numbers <c>+1312…</c>, as the import benchmark's contacts.</summary>
    public static string[] Audience(int count, int first) => [.. Enumerable.Range(first, count).Select(i => $"+1312{2_000_000 + i:D7}")];

    private static async Task<JsonElement> EnsureAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>How a run ended: <paramref name="Sent"/> counts sent and delivered recipients.</summary>
    public sealed record class Outcome(string Status, TimeSpan Elapsed, int Sent, int Failed, int Skipped, string Counts)
    {
        public double PerSecond => Sent / Elapsed.TotalSeconds;
    }
}
