using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Templates;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Outbound;

/// <summary>The steps of one outbound send: validate, resolve the use case, choose the sender, start the session.</summary>
public sealed class OutboundSend(IGrainFactory grains)
{

    /// <summary>The shape rules of a send request (the same for HTTP and the SDK).</summary>
    public static SmsError? Validate(OutboundSmsRequest request)
    {
        if ((request.To is null) == (request.ContactId is null))
        {
            return new SmsError(SmsErrorCodes.InvalidRequest, "Give exactly one of 'to' and 'contact_id'.");
        }
        if (request.ContactId is { } contactId)
        {
            if (contactId.Length is 0 or > 64)
            {
                return new SmsError(SmsErrorCodes.InvalidRequest, "'contact_id' must be 1 to 64 characters.");
            }
            // To a contact, the message is a template (docs/api.md: Sending): a malformed one is refused before the contact is read.
            if (request.Message is not null && MessageTemplate.Parse(request.Message).Error is { } malformed)
            {
                return malformed;
            }
        }
        else if (!E164.TryNormalize(request.To, out _))
        {
            return new SmsError(SmsErrorCodes.InvalidPhoneNumber, $"'to' is not a phone number: '{request.To}'.");
        }
        if (request.Message is not null && (string.IsNullOrWhiteSpace(request.Message) || request.Message.Length > SmsLimits.MaxBodyLength))
        {
            return new SmsError(SmsErrorCodes.InvalidMessage, $"'message' must be 1 to {SmsLimits.MaxBodyLength} characters.");
        }
        if (!AgentContext.IsValid(request.ContextJson))
        {
            return new SmsError(SmsErrorCodes.InvalidRequest, $"'context' must be a JSON object of at most {AgentContext.MaxLength} characters.");
        }
        if (request.AgentNumber is not null && !E164.TryNormalize(request.AgentNumber, out _))
        {
            return new SmsError(SmsErrorCodes.InvalidAgentNumber, $"'agent_number' is not a phone number: '{request.AgentNumber}'.");
        }
        return null;
    }

    /// <summary>
    /// Sends <paramref name="request"/> as the tenant in the environment. With <paramref name="messageId"/> (chosen by the
    /// caller before the first ask) the send is idempotent: asked again with the same id, the conversation answers with
    /// what came of the first ask and sends nothing.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="request">The request (validated).</param>
    /// <param name="messageId">The message id of an idempotent send.</param>
    /// <param name="senderChosen">Runs once the sender is chosen, before the conversation is asked (an idempotent send records it).</param>
    /// <param name="chosenBefore">The sender an earlier attempt of the same send chose: used as it is, without choosing again, so
    /// that a retry reaches the conversation the first attempt reached (which answers it, or refuses a number no longer usable).</param>
    public async Task<SmsResult<OutboundOutcome>> SendAsync(
        string tenantId, string environment, OutboundSmsRequest request, string? messageId = null,
        Func<string, Task>? senderChosen = null, string? chosenBefore = null)
    {
        if (request.ContactId is { } contactId)
        {
            var addressed = await AddressContactAsync(tenantId, environment, contactId, request);
            if (!addressed.Succeeded)
            {
                return SmsResult<OutboundOutcome>.Fail(addressed.Error);
            }
            request = addressed.Value;
        }
        E164.TryNormalize(request.To, out var to);
        string? agentNumber = null;
        if (request.AgentNumber is not null)
        {
            E164.TryNormalize(request.AgentNumber, out var normalized);
            agentNumber = normalized;
        }
        var useCase = await ResolveUseCaseAsync(new ResourceOwner(tenantId, environment), request.UseCaseId);
        if (!useCase.Succeeded)
        {
            return SmsResult<OutboundOutcome>.Fail(useCase.Error);
        }
        var definition = useCase.Value;
        if (!definition.IsSms)
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.NotFound, $"No sms use case {definition.UseCaseId}.");
        }
        string from;
        SendClearance? clearance = null; // a retry's conversation reads the recipient and the number itself
        if (chosenBefore is not null)
        {
            from = chosenBefore;
        }
        else
        {
            var sender = await grains.Reference<IMessagingServiceGrain>(definition.UseCaseId).SelectSenderAsync(to, agentNumber);
            if (!sender.Succeeded)
            {
                return SmsResult<OutboundOutcome>.Fail(sender.Error);
            }
            clearance = sender.Value;
            from = clearance.Sender.PhoneNumber;
            if (senderChosen is not null)
            {
                await senderChosen(from);
            }
        }
        var route = new ConversationRoute(tenantId, definition.UseCaseId, environment);
        var conversationId = ConversationId.For(from, to);
        var outbound = new OutboundRequest(route, from, to, request.Message, request.ContextJson, MessageId: messageId, Clearance: clearance);
        // The conversation records the sender as the recipient's sticky one, before the provider sees the message.
        return request.Message is null
            ? await AgentOpening.SendAsync(grains, conversationId, outbound)
            : await grains.Reference<IConversationEngineGrain>(conversationId).StartOutboundAsync(outbound);
    }

    /// <summary>The request with the contact's number as <c>to</c> and its template filled from the contact.</summary>
    private async Task<SmsResult<OutboundSmsRequest>> AddressContactAsync(string tenantId, string environment, string contactId, OutboundSmsRequest request)
    {
        var contact = await grains.GetGrain<IContactBookGrain>(IContactBookGrain.KeyFor(tenantId, environment)).GetAsync(contactId);
        if (contact is null)
        {
            return SmsResult<OutboundSmsRequest>.Fail(SmsErrorCodes.NotFound, $"No contact '{contactId}'.");
        }
        if (request.Message is null)
        {
            return SmsResult<OutboundSmsRequest>.Ok(request with { To = contact.PhoneNumber, ContactId = null });
        }
        var filled = MessageTemplate.Parse(request.Message).Template!.Fill(contact);
        return filled.ToError() is { } unfilled
            ? SmsResult<OutboundSmsRequest>.Fail(unfilled)
            : SmsResult<OutboundSmsRequest>.Ok(request with { To = contact.PhoneNumber, ContactId = null, Message = filled.Text });
    }

    /// <summary>
    /// The use case a request names, of any channel (another owner's or an unknown one is <c>not_found</c>), or, when it names
    /// none, the owner's only sms use case (else <c>use_case_required</c>). Callers refuse a named non-sms one their own way.
    /// </summary>
    public async Task<SmsResult<UseCaseDefinition>> ResolveUseCaseAsync(ResourceOwner owner, string? useCaseId)
    {
        if (useCaseId is null)
        {
            var tenant = grains.GetGrain<ITenantGrain>(owner.TenantId);
            var ids = await tenant.ListUseCasesAsync(owner.Environment);
            var sms = (await Task.WhenAll(ids.Select(id => grains.Reference<IUseCaseGrain>(id).GetAsync())))
                .Where(u => u is { IsSms: true }).ToList();
            if (sms.Count == 0 && await tenant.GetAsync() is null)
            {
                // Over HTTP the key proves the tenant; an SDK caller configured with a tenant that does not exist learns that.
                return SmsResult<UseCaseDefinition>.Fail(SmsErrorCodes.NotFound, $"No tenant '{owner.TenantId}': create it first (POST /v1/admin/tenants).");
            }
            return sms.Count == 1
                ? SmsResult<UseCaseDefinition>.Ok(sms[0]!)
                : SmsResult<UseCaseDefinition>.Fail(SmsErrorCodes.UseCaseRequired,
                    $"This environment has {sms.Count} sms use cases: name one in 'use_case_id'.");
        }
        var definition = await grains.Reference<IUseCaseGrain>(useCaseId).GetAsync();
        return definition is not null && definition.Owner == owner
            ? SmsResult<UseCaseDefinition>.Ok(definition)
            : SmsResult<UseCaseDefinition>.Fail(SmsErrorCodes.NotFound, $"No use case {useCaseId}.");
    }
}
