using Microsoft.Extensions.Logging;
using Orleans.Sms.Providers;
using Orleans.Sms.Twilio.Http;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Messaging.V1;
using ServiceNumberResource = Twilio.Rest.Messaging.V1.Service.PhoneNumberResource;
using TwilioPhoneNumber = Twilio.Types.PhoneNumber;

namespace Orleans.Sms.Twilio;

/// <summary>
/// One Twilio Messaging Service per sms use case (Messaging API v1), whose inbound and status-callback URLs point at
/// this host's webhooks, holding the use case's numbers. Removing what is gone and adding what is there succeed.
/// </summary>
public sealed class TwilioMessagingProvider(
    ITwilioRestClient client,
    IOptions<TwilioProviderOptions> options,
    ILogger<TwilioMessagingProvider> logger) : IMessagingProvider
{
    /// <summary>Twilio's limit on a messaging service's friendly name.</summary>
    private const int FriendlyNameLength = 64;

    /// <inheritdoc />
    /// <remarks>Creating is not retried on a timeout (Twilio has no idempotency key for it): a lost answer may leave
    /// an unused service behind, which is cheaper than a use case bound to two services.</remarks>
    public Task<string> CreateServiceAsync(string useCaseId, string friendlyName, CancellationToken cancellationToken) =>
        CallAsync($"create the messaging service of use case {useCaseId}", cancellationToken, async () =>
        {
            var name = string.IsNullOrWhiteSpace(friendlyName) ? useCaseId : friendlyName;
            var service = await ServiceResource.CreateAsync(
                new CreateServiceOptions(name.Length > FriendlyNameLength ? name[..FriendlyNameLength] : name)
                {
                    InboundRequestUrl = options.Value.InboundWebhookUrl(),
                    InboundMethod = global::Twilio.Http.HttpMethod.Post,
                    StatusCallback = options.Value.StatusCallbackUrl(),
                    // The service's URLs win over whatever a number had configured: one routing path, ours.
                    UseInboundWebhookOnNumber = false,
                },
                client).ConfigureAwait(false);
            logger.LogInformation("Twilio messaging service {ServiceSid} created for use case {UseCaseId}", service.Sid, useCaseId);
            return service.Sid;
        });

    /// <inheritdoc />
    public Task AddNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken) =>
        CallAsync($"add {phoneNumber} to messaging service {serviceId}", cancellationToken, async () =>
        {
            var numberSid = await FindNumberSidAsync(phoneNumber).ConfigureAwait(false)
                ?? throw new ProviderException(
                    $"{phoneNumber} is not an incoming phone number of Twilio account {client.AccountSid}.",
                    transient: false, errorCode: TwilioFailures.NotFound.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                await ServiceNumberResource.CreateAsync(serviceId, numberSid, client).ConfigureAwait(false);
            }
            catch (global::Twilio.Exceptions.ApiException ex) when (ex.Code == TwilioFailures.AlreadyInService)
            {
                // Already in this service: the wanted state, e.g. a retry after a lost answer.
            }
            return true;
        });

    /// <inheritdoc />
    public Task RemoveNumberAsync(string serviceId, string phoneNumber, CancellationToken cancellationToken) =>
        CallAsync($"remove {phoneNumber} from messaging service {serviceId}", cancellationToken, async () =>
        {
            // A number the account no longer holds is in no service.
            if (await FindNumberSidAsync(phoneNumber).ConfigureAwait(false) is { } numberSid)
            {
                await DeleteIgnoringNotFoundAsync(() => ServiceNumberResource.DeleteAsync(serviceId, numberSid, client)).ConfigureAwait(false);
            }
            return true;
        });

    /// <inheritdoc />
    public Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken) =>
        CallAsync($"delete messaging service {serviceId}", cancellationToken, async () =>
        {
            await DeleteIgnoringNotFoundAsync(() => ServiceResource.DeleteAsync(serviceId, client)).ConfigureAwait(false);
            logger.LogInformation("Twilio messaging service {ServiceSid} deleted", serviceId);
            return true;
        });

    /// <summary>The <c>PN…</c> SID of an incoming number of the account, or null when the account does not hold it.</summary>
    private async Task<string?> FindNumberSidAsync(string phoneNumber)
    {
        // Twilio matches PhoneNumber as a pattern (partial numbers, '*' wildcards): keep the exact match only.
        var numbers = await IncomingPhoneNumberResource.ReadAsync(
            phoneNumber: new TwilioPhoneNumber(phoneNumber), pageSize: 20, limit: 20, client: client).ConfigureAwait(false);
        return numbers.FirstOrDefault(n => string.Equals(n.PhoneNumber?.ToString(), phoneNumber, StringComparison.Ordinal))?.Sid;
    }

    private static async Task DeleteIgnoringNotFoundAsync(Func<Task<bool>> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (Exception ex) when (TwilioFailures.IsNotFound(ex))
        {
            // Already gone: the wanted state.
        }
    }

    private async Task<T> CallAsync<T>(string operation, CancellationToken cancellationToken, Func<Task<T>> body)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var call = TwilioCall.Begin(cancellationToken);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ProviderException && TwilioFailures.IsCallFailure(ex))
        {
            var failure = TwilioFailures.Translate(ex, call, operation);
            logger.LogWarning(failure, "Twilio call failed: {Operation}", operation);
            throw failure;
        }
    }
}
