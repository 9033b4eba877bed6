using Orleans.Sms.Errors;

namespace Orleans.Sms.Templates;

/// <summary>The outcome of <see cref="MessageTemplate.Parse"/>: the template, or why it is invalid and where.</summary>
/// <param name="Template">The template, when valid.</param>
/// <param name="Error">
/// The <c>invalid_template</c> error when not valid; its detail names the fault and its position, and its extensions carry
/// <c>position</c> (the same number as <paramref name="Position"/>, as text).
/// </param>
/// <param name="Position">0-based character index of the fault in the template text, when not valid.</param>
public sealed record class TemplateParse(MessageTemplate? Template, SmsError? Error, int? Position)
{
    /// <summary>The extension member of the error that holds the position.</summary>
    public const string PositionExtension = "position";

    /// <summary>True when the template is valid.</summary>
    public bool Succeeded => Template is not null;

    internal static TemplateParse Ok(MessageTemplate template) => new(template, null, null);

    internal static TemplateParse Fail(int position, string fault) => new(
        null,
        new SmsError(
            SmsErrorCodes.InvalidTemplate,
            $"Invalid template: {fault} at position {position}.",
            new Dictionary<string, string> { [PositionExtension] = position.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        position);
}
