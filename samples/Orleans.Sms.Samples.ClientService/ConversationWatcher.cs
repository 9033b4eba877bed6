using Orleans.Sms.Client;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

namespace Orleans.Sms.Samples.ClientService;

/// <summary>Sends the demo SMS, then prints the events of its conversation as they happen, until Ctrl+C.</summary>
internal sealed class ConversationWatcher(ISmsEngine sms, DemoRequest demo, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe before sending: events are live only, and the first ones follow the send at once.
        await using var subscription = await sms.SubscribeAsync(stoppingToken);

        var sent = await sms.SendAsync(new OutboundSmsRequest(demo.To, demo.Message), cancellationToken: stoppingToken);
        if (!sent.Succeeded)
        {
            Console.Error.WriteLine($"The engine refused the send: {sent.Error.Code}: {sent.Error.Detail}");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }
        var outcome = sent.Value;
        Console.WriteLine($$"""
            Sent {{outcome.MessageId}} from {{outcome.From}} to {{outcome.To}}: {{outcome.Status}}, {{outcome.Segments}} segment(s), {{outcome.Encoding}}.
            Conversation {{outcome.ConversationId}}, session {{outcome.SessionId}} (tenant {{sms.TenantId}}, {{sms.Environment}}).
            Reply as the customer through the engine's simulator (KEY = the API key the engine printed):
              curl -s -X POST http://localhost:5080/v1/simulator/inbound -H "X-Api-Key: $KEY" -H "Content-Type: application/json" \
                -d '{"from":"{{outcome.To}}","to":"{{outcome.From}}","body":"Hi there"}'
            Watching the conversation's events; Ctrl+C to stop.
            """);

        try
        {
            await foreach (var e in subscription.ReadAllAsync(stoppingToken))
            {
                if (e.ConversationId == outcome.ConversationId)
                {
                    Console.WriteLine(Describe(e));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C.
        }
    }

    private static string Describe(ConversationEvent e) => e.Kind switch
    {
        ConversationEventKind.MessageAdded when e.Message is { } m =>
            $"{e.At:HH:mm:ss} message  {m.Direction,-8} {m.Role,-6} {m.Source,-8} {m.DeliveryStatus,-9} \"{m.Body}\"",
        ConversationEventKind.StatusChanged => $"{e.At:HH:mm:ss} status   {e.Status}",
        ConversationEventKind.SessionEnded => $"{e.At:HH:mm:ss} session  {e.SessionId} ended: {e.EndReason}",
        _ => $"{e.At:HH:mm:ss} {e.Kind}",
    };
}
