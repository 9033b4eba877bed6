using System.Diagnostics.Metrics;

namespace Orleans.Sms.Telemetry;

/// <summary>The engine's own meter (<c>Orleans.Sms</c>): messages, provider errors, agent and webhook latency, live conversations.</summary>
public sealed class SmsMetrics
{
    public const string MeterName = "Orleans.Sms";

    private readonly Counter<long> _inbound;
    private readonly Counter<long> _outbound;
    private readonly Counter<long> _providerErrors;
    private readonly Counter<long> _agentFailures;
    private readonly Histogram<double> _agentLatency;
    private readonly Histogram<double> _webhookLatency;
    private readonly UpDownCounter<long> _activeConversations;
    private readonly Counter<long> _archived;
    private readonly Counter<long> _archiveFailures;
    private readonly UpDownCounter<long> _turnsWaiting;
    private readonly Counter<long> _turnsStarved;
    private readonly Counter<long> _repliesTruncated;

    public SmsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _inbound = meter.CreateCounter<long>("sms.messages.inbound", "{message}", "Inbound messages recorded (duplicates excluded).");
        _outbound = meter.CreateCounter<long>("sms.messages.outbound", "{message}", "Outbound messages handed to the provider.");
        _providerErrors = meter.CreateCounter<long>("sms.provider.errors", "{error}", "Sends the provider refused or did not confirm.");
        _agentFailures = meter.CreateCounter<long>("sms.agent.failures", "{turn}", "Agent turns that failed after their retries.");
        _agentLatency = meter.CreateHistogram<double>("sms.agent.duration", "ms", "Time an agent took to answer a turn.");
        _webhookLatency = meter.CreateHistogram<double>("sms.webhook.duration", "ms", "Time to acknowledge a provider webhook.");
        _activeConversations = meter.CreateUpDownCounter<long>("sms.conversations.active", "{conversation}", "Conversation grains in memory.");
        _archived = meter.CreateCounter<long>(
            "sms.archive.messages", "{message}", "Messages written to the archive, in batches behind the state write that stored them.");
        _archiveFailures = meter.CreateCounter<long>(
            "sms.archive.failures", "{batch}", "Archive batches that failed; their messages stay owed in grain state and go with the next batch.");
        _turnsWaiting = meter.CreateUpDownCounter<long>(
            "sms.agent.turns.waiting", "{turn}", "Agent turns waiting for a slot (Sms:Agent:MaxConcurrentTurns per silo).");
        _turnsStarved = meter.CreateCounter<long>(
            "sms.agent.turns.starved", "{turn}", "Agent turns that found no free slot in time and failed without reaching the agent.");
        _repliesTruncated = meter.CreateCounter<long>(
            "sms.agent.replies.truncated", "{reply}", "Agent replies longer than 10 messages; only the first 10 were sent.");
    }

    public void Inbound() => _inbound.Add(1);

    public void Outbound() => _outbound.Add(1);

    public void ProviderError() => _providerErrors.Add(1);

    public void AgentTurn(TimeSpan duration, bool failed)
    {
        _agentLatency.Record(duration.TotalMilliseconds);
        if (failed)
        {
            _agentFailures.Add(1);
        }
    }

    public void Webhook(TimeSpan duration, int status) =>
        _webhookLatency.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("http.response.status_code", status));

    public void ConversationActivated() => _activeConversations.Add(1);

    public void ConversationDeactivated() => _activeConversations.Add(-1);

    public void Archived(int messages) => _archived.Add(messages);

    public void ArchiveFailed() => _archiveFailures.Add(1);

    public void TurnWaiting(bool waiting) => _turnsWaiting.Add(waiting ? 1 : -1);

    public void TurnStarved() => _turnsStarved.Add(1);

    public void ReplyTruncated() => _repliesTruncated.Add(1);
}
