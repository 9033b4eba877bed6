using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.Samples.Tests;

[Collection(ReminderAgentCollection.Name)]
public sealed class SignatureTests(ReminderAgentFactory agent)
{
    [Fact]
    public async Task Signature_Valid_IsAnswered()
    {
        var body = EngineTurns.Opening();

        using var response = await agent.PostAsync(body, ReminderAgentFactory.Sign(ReminderAgentFactory.Secret, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signature_UpperCaseHex_IsAccepted()
    {
        var body = EngineTurns.Opening();
        var signature = ReminderAgentFactory.Sign(ReminderAgentFactory.Secret, body);

        using var response = await agent.PostAsync(body, "sha256=" + signature["sha256=".Length..].ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signature_Missing_Is401()
    {
        using var response = await agent.PostAsync(EngineTurns.Opening(), signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signature_OtherSecret_Is401()
    {
        var body = EngineTurns.Opening();

        using var response = await agent.PostAsync(body, ReminderAgentFactory.Sign("another-secret", body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signature_OfOtherBody_Is401()
    {
        var signed = EngineTurns.Opening();
        var tampered = EngineTurns.Opening("""{"patient":"Eve","appointment":"Tue 3 Mar 09:00","clinic":"Smile Dental"}""");

        using var response = await agent.PostAsync(tampered, ReminderAgentFactory.Sign(ReminderAgentFactory.Secret, signed));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Signature_Malformed_Is401(string signature)
    {
        using var response = await agent.PostAsync(EngineTurns.Opening(), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signature_ValidOverMalformedJson_Is400()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"messages","messages":"""); // signed, but cut short

        using var response = await agent.PostAsync(body, ReminderAgentFactory.Sign(ReminderAgentFactory.Secret, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signature_ValidOverBodyWithoutContractMembers_Is400()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"messages"}""");

        using var response = await agent.PostAsync(body, ReminderAgentFactory.Sign(ReminderAgentFactory.Secret, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Startup_NoSecret_Refuses()
    {
        using var unconfigured = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseSetting("ReminderAgent:Secret", ""));

        var error = Assert.Throws<OptionsValidationException>(() => unconfigured.CreateClient());

        Assert.Contains("ReminderAgent:Secret is required", error.Message);
    }
}
