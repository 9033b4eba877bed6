namespace Orleans.Sms.Twilio.Http;

/// <summary>
/// Outermost handler: cancels the request (and its retries) with the caller's token, and records the final status.
/// </summary>
internal sealed class TwilioCallHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = TwilioCall.Current;
        if (call is null || !call.CancellationToken.CanBeCanceled)
        {
            return Record(call, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken);
        return Record(call, await base.SendAsync(request, linked.Token).ConfigureAwait(false));
    }

    private static HttpResponseMessage Record(TwilioCall? call, HttpResponseMessage response)
    {
        if (call is not null)
        {
            call.LastStatus = (int)response.StatusCode;
        }
        return response;
    }
}
