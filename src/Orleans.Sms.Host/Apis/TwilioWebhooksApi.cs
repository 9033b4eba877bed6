using Orleans.Sms.Conversations;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Routing;

namespace Orleans.Sms.Host.Apis;

/// <summary>
/// What Twilio calls (CONTRACT §9): inbound messages and delivery status callbacks, both signed. The inbound
/// answer is an empty TwiML response as soon as the message is recorded; the agent replies later via the REST API.
/// </summary>
public static class TwilioWebhooksApi
{
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public static RouteGroupBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks/twilio").AddEndpointFilter<TwilioSignatureFilter>().WithTags("Twilio webhooks");
        hooks.MapPost("/sms", InboundAsync).DisableAntiforgery();
        hooks.MapPost("/status", StatusAsync).DisableAntiforgery();
        return app.MapGroup("/webhooks/twilio");
    }

    private static async Task<IResult> InboundAsync(HttpRequest request, InboundRouter router, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        if (sid.Length is 0 or > 64 || string.IsNullOrWhiteSpace(form["From"]) || string.IsNullOrWhiteSpace(form["To"]))
        {
            return Problems.BadRequest("invalid_request", "MessageSid, From and To are required.");
        }
        var mediaCount = int.TryParse(form["NumMedia"], out var n) ? Math.Clamp(n, 0, 10) : 0;
        var message = new InboundSms(
            sid, Number(form["From"]!), Number(form["To"]!), form["Body"].ToString(),
            Enumerable.Range(0, mediaCount).Select(i => form[$"MediaUrl{i}"].ToString()).ToList(),
            Enumerable.Range(0, mediaCount).Select(i => form[$"MediaContentType{i}"].ToString()).ToList());
        await router.RouteAsync(message, cancellationToken);
        return Results.Content(EmptyTwiml, "text/xml");
    }

    private static async Task<IResult> StatusAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        if (sid.Length == 0 || !Enum.TryParse<DeliveryStatus>(form["MessageStatus"], ignoreCase: true, out var status)
            || string.IsNullOrWhiteSpace(form["From"]) || string.IsNullOrWhiteSpace(form["To"]))
        {
            return Results.NoContent(); // a status the engine does not track (e.g. scheduled): acknowledged, nothing to do
        }
        var errorCode = form["ErrorCode"].ToString();
        var messageId = request.Query["mid"].ToString();
        // The callback of an outbound message: From is the agent number, To the customer.
        var conversation = grains.GetGrain<IConversationGrain>(ConversationId.For(Number(form["From"]!), Number(form["To"]!)));
        await conversation.ReportDeliveryAsync(new DeliveryReport(
            messageId.Length > 0 ? messageId : null, sid, status, errorCode.Length > 0 ? errorCode : null));
        return Results.NoContent();
    }

    /// <summary>E.164 when it parses; short codes and alphanumeric senders stay as Twilio sent them.</summary>
    private static string Number(string value) => E164.TryNormalize(value, out var e164) ? e164 : value.Trim();
}
