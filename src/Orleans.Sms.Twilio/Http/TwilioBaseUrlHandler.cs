namespace Orleans.Sms.Twilio.Http;

/// <summary>
/// Sends every Twilio REST call to <see cref="TwilioProviderOptions.BaseUrl"/> when it is set: the SDK builds URLs on
/// <c>api.twilio.com</c> and <c>messaging.twilio.com</c>, and its Region/Edge settings cannot point at another origin.
/// Only scheme, host and port change; path and query stay the SDK's.
/// </summary>
internal sealed class TwilioBaseUrlHandler(IOptions<TwilioProviderOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.BaseUrl is { Length: > 0 } baseUrl && request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            var origin = new Uri(baseUrl, UriKind.Absolute);
            request.RequestUri = new UriBuilder(uri) { Scheme = origin.Scheme, Host = origin.Host, Port = origin.Port }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
