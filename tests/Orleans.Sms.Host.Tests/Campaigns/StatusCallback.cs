using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>Twilio's status callback for a message the fake Twilio took, signed as Twilio signs it and posted to the host.</summary>
internal static class StatusCallback
{
    /// <summary>Posts <paramref name="status"/> (with Twilio's <paramref name="errorCode"/>) for <paramref name="message"/> and expects a 204.</summary>
    public static async Task PostAsync(TwilioHostFactory factory, FakeTwilioMessage message, string status, string? errorCode = null)
    {
        var form = message.StatusCallbackForm(factory.Twilio.AccountSid, status, errorCode);
        using var response = await factory.PostSignedAsync(new Uri(message.StatusCallback!).PathAndQuery, form);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }
}
