namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>The Twilio REST operations the fake serves; faults are injected and requests filtered per route.</summary>
public enum FakeTwilioRoute
{
    /// <summary><c>POST /2010-04-01/Accounts/{AC}/Messages.json</c></summary>
    CreateMessage,

    /// <summary><c>GET /2010-04-01/Accounts/{AC}/Messages.json</c> (filters To, From, DateSent, DateSent&gt;, DateSent&lt;)</summary>
    ListMessages,

    /// <summary><c>GET /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json</c></summary>
    ListIncomingNumbers,

    /// <summary><c>POST /v1/Services</c></summary>
    CreateService,

    /// <summary><c>GET /v1/Services/{MG}</c></summary>
    FetchService,

    /// <summary><c>DELETE /v1/Services/{MG}</c></summary>
    DeleteService,

    /// <summary><c>POST /v1/Services/{MG}/PhoneNumbers</c></summary>
    AddServiceNumber,

    /// <summary><c>GET /v1/Services/{MG}/PhoneNumbers</c></summary>
    ListServiceNumbers,

    /// <summary><c>DELETE /v1/Services/{MG}/PhoneNumbers/{PN}</c></summary>
    RemoveServiceNumber,
}

/// <summary>Endpoint metadata naming the route of an endpoint (metadata must be a reference type).</summary>
internal sealed record class FakeTwilioRouteTag(FakeTwilioRoute Route);
