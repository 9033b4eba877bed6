using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Routing;

namespace Orleans.Sms.Host.Apis;

/// <summary>
/// What Twilio calls (docs/api.md: Twilio webhooks): inbound messages and delivery status callbacks, both signed. The inbound
/// answer is an empty TwiML response as soon as the message is recorded; the agent replies later via the REST API.
/// </summary>
public static class TwilioWebhooksApi
{
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public static RouteGroupBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks/twilio").AddEndpointFilter<TwilioSignatureFilter>().WithTags("Twilio webhooks");
        hooks.MapPost("/sms", InboundAsync).DisableAntiforgery()
            .Produces<string>(StatusCodes.Status200OK, "text/xml")
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidRequest, SmsErrorCodes.InvalidMessage, SmsErrorCodes.InvalidSignature, SmsErrorCodes.PayloadTooLarge);
        hooks.MapPost("/status", StatusAsync).DisableAntiforgery()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblemCodes(SmsErrorCodes.InvalidRequest, SmsErrorCodes.InvalidSignature, SmsErrorCodes.PayloadTooLarge);
        return app.MapGroup("/webhooks/twilio");
    }

    private static async Task<IResult> InboundAsync(HttpRequest request, InboundRouter router, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        if (sid.Length is 0 or > FieldLimits.ProviderId || !IsAddress(form["From"]) || !IsAddress(form["To"]))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest,
                $"MessageSid (at most {FieldLimits.ProviderId} characters), From and To (at most {FieldLimits.PhoneNumber}) are required.");
        }
        if (form["Body"].ToString().Length > Orleans.Sms.Conversations.SmsLimits.MaxBodyLength)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidMessage, $"Body is longer than {Orleans.Sms.Conversations.SmsLimits.MaxBodyLength} characters.");
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
        if (sid.Length > FieldLimits.ProviderId || !IsAddress(form["From"], required: false) || !IsAddress(form["To"], required: false)
            || form["ErrorCode"].ToString().Length > FieldLimits.ProviderId)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest,
                $"MessageSid and ErrorCode are at most {FieldLimits.ProviderId} characters, From and To at most {FieldLimits.PhoneNumber}.");
        }
        if (sid.Length == 0 || !EnumNames<DeliveryStatus>.TryParse(form["MessageStatus"], out var status)
            || string.IsNullOrWhiteSpace(form["From"]) || string.IsNullOrWhiteSpace(form["To"]))
        {
            return Results.NoContent(); // a status the engine does not track (e.g. scheduled): acknowledged, nothing to do
        }
        var errorCode = form["ErrorCode"].ToString();
        var messageId = request.Query["mid"].ToString();
        // The callback of an outbound message: From is the agent number, To the customer.
        var conversation = grains.Reference<IConversationEngineGrain>(ConversationId.For(Number(form["From"]!), Number(form["To"]!)));
        await conversation.ReportDeliveryAsync(new DeliveryReport(
            messageId.Length > 0 ? messageId : null, sid, status, errorCode.Length > 0 ? errorCode : null));
        return Results.NoContent();
    }

    private static bool IsAddress(string? value, bool required = true) =>
        value is null or "" ? !required : value.Length <= FieldLimits.PhoneNumber && !string.IsNullOrWhiteSpace(value);

    /// <summary>E.164 when it parses; short codes and alphanumeric senders stay as Twilio sent them.</summary>
    private static string Number(string value) => E164.TryNormalize(value, out var e164) ? e164 : value.Trim();
}
