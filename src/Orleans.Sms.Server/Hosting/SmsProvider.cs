namespace Orleans.Sms.Hosting;

/// <summary>Who carries the engine's messages: <c>Sms:Provider</c>.</summary>
public enum SmsProvider
{
    /// <summary>No carrier: outbound messages are recorded and shown, never sent.</summary>
    Simulator,

    /// <summary>The Twilio REST API, with <c>TwilioProviderOptions</c> bound from <c>Sms:Twilio</c> and <c>Sms:PublicBaseUrl</c>.</summary>
    Twilio,
}
