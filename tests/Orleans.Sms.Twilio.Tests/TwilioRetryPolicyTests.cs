using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orleans.Sms.Twilio.Http;
using Polly;
using Polly.Timeout;

namespace Orleans.Sms.Twilio.Tests;

public sealed class TwilioRetryPolicyTests
{
    private const string SendUrl = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json";
    private const string CreateServiceUrl = "https://messaging.twilio.com/v1/Services";
    private const string AddNumberUrl = "https://messaging.twilio.com/v1/Services/MG1/PhoneNumbers";
    private const string ServiceUrl = "https://messaging.twilio.com/v1/Services/MG1";

    [Theory]
    [InlineData("POST", SendUrl, 429, true)]
    [InlineData("POST", SendUrl, 500, false)]
    [InlineData("POST", SendUrl, 502, true)]
    [InlineData("POST", SendUrl, 503, true)]
    [InlineData("POST", SendUrl, 504, false)]
    [InlineData("POST", SendUrl, 408, false)]
    [InlineData("POST", SendUrl, 400, false)]
    [InlineData("POST", CreateServiceUrl, 504, false)]
    [InlineData("POST", AddNumberUrl, 504, true)]
    [InlineData("DELETE", ServiceUrl, 504, true)]
    [InlineData("DELETE", ServiceUrl, 404, false)]
    [InlineData("DELETE", ServiceUrl, 500, true)]
    [InlineData("POST", CreateServiceUrl, 500, false)]
    [InlineData("GET", ServiceUrl, 408, true)]
    public void ShouldRetry_ByStatusAndIdempotence(string method, string url, int status, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(expected, TwilioRetryPolicy.ShouldRetry(Outcome.FromResult(response), request));
    }

    [Theory]
    [InlineData("POST", SendUrl, HttpRequestError.ConnectionError, true)]
    [InlineData("POST", SendUrl, HttpRequestError.NameResolutionError, true)]
    [InlineData("POST", SendUrl, HttpRequestError.ResponseEnded, false)]
    [InlineData("DELETE", ServiceUrl, HttpRequestError.ResponseEnded, true)]
    public void ShouldRetry_ConnectionFailuresOnlyWhenNothingCouldHaveBeenTaken(
        string method, string url, HttpRequestError error, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        Assert.Equal(expected, TwilioRetryPolicy.ShouldRetry(
            Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "failed")), request));
    }

    [Theory]
    [InlineData("POST", SendUrl, false)]
    [InlineData("POST", CreateServiceUrl, false)]
    [InlineData("POST", AddNumberUrl, true)]
    [InlineData("GET", ServiceUrl, true)]
    public void ShouldRetry_AttemptTimeoutOnlyWhenIdempotent(string method, string url, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        Assert.Equal(expected, TwilioRetryPolicy.ShouldRetry(
            Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), request));
    }

    [Fact]
    public void ShouldRetry_CallerCancelled_NotRetried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ServiceUrl);

        Assert.False(TwilioRetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException()), request));
    }

    [Fact]
    public void RetryAfter_SecondsOrDate_CappedAndNeverNegative()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        var cap = TimeSpan.FromSeconds(5);
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.RetryAfter = new(TimeSpan.FromSeconds(2));
        using var late = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        late.Headers.RetryAfter = new(time.GetUtcNow().AddMinutes(1));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new(time.GetUtcNow().AddMinutes(-1));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(2), TwilioRetryPolicy.RetryAfter(seconds, cap, time));
        Assert.Equal(cap, TwilioRetryPolicy.RetryAfter(late, cap, time));
        Assert.Equal(TimeSpan.Zero, TwilioRetryPolicy.RetryAfter(past, cap, time));
        Assert.Null(TwilioRetryPolicy.RetryAfter(none, cap, time));
    }
}
