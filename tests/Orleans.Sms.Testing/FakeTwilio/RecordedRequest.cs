namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>
/// A request the fake received, recorded before authentication and faults, so refused and faulted requests show too.
/// Repeated query or form keys have their values joined with commas; header names are case-insensitive.
/// </summary>
/// <param name="Route">The operation, or null for a path the fake does not serve.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, e.g. <c>/v1/Services</c>.</param>
/// <param name="Query">The query string's fields.</param>
/// <param name="Form">The form fields of a form post; empty otherwise.</param>
/// <param name="Headers">The request headers (including <c>Authorization</c>).</param>
/// <param name="ReceivedAt">When the fake received it.</param>
public sealed record class RecordedRequest(
    FakeTwilioRoute? Route,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ReceivedAt);
