using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Templates;

/// <summary>The outcome of <see cref="MessageTemplate.Fill"/>: the filled text, or the variable that had no value.</summary>
/// <param name="Text">The filled text; null when a variable was missing.</param>
/// <param name="MissingVariable">The first variable (in template order) without a value and without a fallback.</param>
public sealed record class TemplateFill(string? Text, string? MissingVariable)
{
    /// <summary>The extension member of a <c>template_variable_missing</c> error that names the variable.</summary>
    public const string VariableExtension = "variable";

    /// <summary>True when every variable had a value or a fallback (the text may still be too long or blank: see <see cref="ToError"/>).</summary>
    public bool Succeeded => Text is not null;

    /// <summary>Length of the filled text in UTF-16 code units, as the 1,600 limit counts it; 0 when not filled.</summary>
    public int Length => Text?.Length ?? 0;

    /// <summary>True when the filled text is longer than <see cref="MessageTemplate.MaxFilledLength"/>.</summary>
    public bool IsTooLong => Length > MessageTemplate.MaxFilledLength;

    /// <summary>Encoding and segments of the filled text (GSM-7 or UCS-2), counted on each read; null when not filled.</summary>
    public SegmentCount? Segments => Text is null ? null : SegmentCount.Of(Text);

    /// <summary>
    /// Why the filled text cannot be sent, or null when it can: <c>template_variable_missing</c> (extension <c>variable</c>)
    /// when a variable had no value; <c>invalid_message</c> when the text is blank or longer than
    /// <see cref="MessageTemplate.MaxFilledLength"/>, the same rule as a message sent as written.
    /// </summary>
    public SmsError? ToError()
    {
        if (MissingVariable is not null)
        {
            return new SmsError(
                SmsErrorCodes.TemplateVariableMissing,
                $"Template variable '{MissingVariable}' has no value for this contact and no fallback.",
                new Dictionary<string, string> { [VariableExtension] = MissingVariable });
        }
        if (string.IsNullOrWhiteSpace(Text))
        {
            return new SmsError(SmsErrorCodes.InvalidMessage, "The filled message is empty.");
        }
        if (IsTooLong)
        {
            return new SmsError(
                SmsErrorCodes.InvalidMessage,
                $"The filled message is {Length} characters long; at most {MessageTemplate.MaxFilledLength} are allowed.");
        }
        return null;
    }
}
