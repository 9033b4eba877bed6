using Twilio.Security;

namespace Orleans.Sms.Twilio.Tests;

public sealed class TwilioSignatureTests
{
    private const string AuthToken = "12345678901234567890123456789012";
    private const string Url = "https://sms.example.com/webhooks/twilio/sms";

    private static Dictionary<string, string> Form() => new()
    {
        ["MessageSid"] = "SM" + new string('a', 32),
        ["AccountSid"] = "AC" + new string('b', 32),
        ["From"] = "+15550100002",
        ["To"] = "+15550100001",
        ["Body"] = "Hello, ça va? 👋",
        ["NumMedia"] = "0",
        ["NumSegments"] = "1",
    };

    [Fact]
    public void Compute_AgreesWithTwilioRequestValidator()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Form());

        Assert.True(new RequestValidator(AuthToken).Validate(Url, Form(), signature));
    }

    [Fact]
    public void Compute_StatusCallbackUrlWithQuery_AgreesWithTwilioRequestValidator()
    {
        const string statusUrl = "https://sms.example.com/webhooks/twilio/status?mid=msg-1";
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM" + new string('c', 32), ["MessageStatus"] = "delivered" };

        Assert.True(new RequestValidator(AuthToken).Validate(statusUrl, form, TwilioSignature.Compute(AuthToken, statusUrl, form)));
    }

    [Fact]
    public void Compute_WrongAuthToken_RejectedByTwilioRequestValidator()
    {
        var signature = TwilioSignature.Compute("another-token", Url, Form());

        Assert.False(new RequestValidator(AuthToken).Validate(Url, Form(), signature));
    }

    [Fact]
    public void Compute_TamperedField_RejectedByTwilioRequestValidator()
    {
        var signature = TwilioSignature.Compute(AuthToken, Url, Form());
        var tampered = Form();
        tampered["Body"] = "Hello, ça va? 👋!";

        Assert.False(new RequestValidator(AuthToken).Validate(Url, tampered, signature));
    }

    [Fact]
    public async Task SignedPost_CarriesSignatureHeaderAndForm()
    {
        using var request = TwilioSignature.SignedPost(AuthToken, Url, Form());

        var signature = Assert.Single(request.Headers.GetValues(TwilioSignature.Header));
        Assert.Equal(TwilioSignature.Compute(AuthToken, Url, Form()), signature);
        Assert.Contains("MessageSid=SM", await request.Content!.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
