namespace Orleans.Sms.Providers;

/// <summary>
/// The provider side of an sms use case: one provider messaging service per use case, holding the use case's
/// numbers (with Twilio: a Messaging Service whose inbound and status-callback URLs point at this host).
/// Every call is idempotent where the provider allows it; failures throw <see cref="ProviderException"/>.
/// </summary>
public interface IMessagingProvider
{
    /// <summary>Creates the messaging service of a use case and returns the provider's id for it (Twilio: <c>MG…</c>).</summary>
    Task<string> CreateServiceAsync(string useCaseId, string friendlyName, CancellationToken cancellationToken);

    /// <summary>Adds a number (E.164) to the service. Adding a number that is already there succeeds.</summary>
    Task AddNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken);

    /// <summary>Removes a number from the service. Removing a number that is not there succeeds.</summary>
    Task RemoveNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken);

    /// <summary>Deletes the service. Deleting a service that is gone succeeds.</summary>
    Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken);
}

/// <summary>A provider call failed. <see cref="Transient"/> failures were already retried within bounds.</summary>
public sealed class ProviderException(
    string message, bool transient, string? errorCode = null, Exception? inner = null, bool outcomeUnknown = false)
    : Exception(message, inner)
{
    /// <summary>Twilio error 21610: the recipient replied STOP at the carrier; treat them as opted out.</summary>
    public const string RecipientOptedOut = "21610";

    /// <summary>
    /// Twilio error 30001, in a status callback: the sender's queue at Twilio overflowed and the message was dropped before
    /// it reached a carrier. Twilio's advice is to send it again after a while.
    /// </summary>
    public const string QueueOverflow = "30001";

    /// <summary>True for 429, 5xx and timeouts; false for a refusal (4xx) that a retry would not change.</summary>
    public bool Transient { get; } = transient;

    /// <summary>The provider's error code, when it gave one (Twilio: <c>code</c> of the error body, e.g. <c>21610</c>).</summary>
    public string? ErrorCode { get; } = errorCode;

    /// <summary>
    /// True when no answer came (no connection after the request was sent, a timeout, a broken response), or the answer
    /// was a timeout on the way (408, 504): the provider may or may not have done it. False when the provider answered
    /// for itself (a refusal, 429, 500, 502, 503): it did not.
    /// </summary>
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}
