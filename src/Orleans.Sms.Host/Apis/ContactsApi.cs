using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Sms.Contacts;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Host.Apis;

/// <summary>Contacts (docs/api.md: Contacts). The rules live in <see cref="ContactRules"/> and the contact book grain; this maps HTTP onto them.</summary>
public static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/contacts").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Contacts");
        api.MapPost("/", CreateAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidContact, SmsErrorCodes.ContactExists);
        api.MapGet("/", ListAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidLimit, SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidRequest);
        api.MapGet("/{contactId}", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapPatch("/{contactId}", UpdateAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound, SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidContact, SmsErrorCodes.ContactExists);
        api.MapDelete("/{contactId}", DeleteAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        return api;
    }

    public sealed record class ContactList(IReadOnlyList<Contact> Contacts, string? NextCursor);

    private static async Task<Results<Created<Contact>, ProblemHttpResult>> CreateAsync(JsonElement body, ApiCaller caller, IGrainFactory grains)
    {
        var values = ContactBody.Read(body);
        if (!values.Succeeded)
        {
            return Problems.From(values.Error);
        }
        var created = await BookOf(grains, caller).CreateAsync(values.Value);
        return created.Succeeded ? TypedResults.Created($"/v1/contacts/{created.Value.ContactId}", created.Value) : Problems.From(created.Error);
    }

    private static async Task<Results<Ok<Contact>, ProblemHttpResult>> GetAsync(string contactId, ApiCaller caller, IGrainFactory grains) =>
        await BookOf(grains, caller).GetAsync(contactId) is { } contact ? TypedResults.Ok(contact) : NotFound(contactId);

    private static async Task<Results<Ok<Contact>, ProblemHttpResult>> UpdateAsync(
        string contactId, JsonElement body, ApiCaller caller, IGrainFactory grains)
    {
        var changes = ContactBody.Read(body);
        if (!changes.Succeeded)
        {
            return Problems.From(changes.Error);
        }
        var updated = await BookOf(grains, caller).UpdateAsync(contactId, changes.Value);
        return updated.Succeeded ? TypedResults.Ok(updated.Value) : Problems.From(updated.Error);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string contactId, ApiCaller caller, IGrainFactory grains) =>
        await BookOf(grains, caller).DeleteAsync(contactId) ? TypedResults.NoContent() : NotFound(contactId);

    private static async Task<Results<Ok<ContactList>, ProblemHttpResult>> ListAsync(
        [FromQuery(Name = "phone_number")] string? phoneNumber, string? q, string? limit, string? cursor, ApiCaller caller, IGrainFactory grains)
    {
        if (Paging.ReadLimit(limit, ContactBookGrain.MaxLimit) is not { } size)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidLimit, $"'limit' must be a whole number from 1 to {ContactBookGrain.MaxLimit}.");
        }
        var book = BookOf(grains, caller);
        if (phoneNumber is not null)
        {
            if (!E164.TryNormalize(phoneNumber, out var e164))
            {
                return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'phone_number' is not a phone number: '{phoneNumber}'.");
            }
            var match = await book.FindByPhoneAsync(e164);
            return TypedResults.Ok(new ContactList(match is not null && ContactSearch.Matches(match, q) ? [match] : [], null));
        }
        var page = await book.ListAsync(q, cursor, size);
        return page.Succeeded ? TypedResults.Ok(new ContactList(page.Value.Contacts, page.Value.NextCursor)) : Problems.From(page.Error);
    }

    internal static IContactBookGrain BookOf(IGrainFactory grains, ApiCaller caller) =>
        grains.GetGrain<IContactBookGrain>(IContactBookGrain.KeyFor(caller.TenantId, caller.Environment));

    private static ProblemHttpResult NotFound(string contactId) => Problems.NotFound($"No contact '{contactId}'.");
}
