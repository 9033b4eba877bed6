using Orleans.Sms.Contacts;
using Orleans.Sms.Outbound;

namespace Orleans.Sms.Templates;

/// <summary>
/// A message template (docs/api.md: Campaigns), parsed and validated once, then filled per contact as often as needed
/// (a campaign fills one for every recipient). Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Syntax:
/// <list type="bullet">
/// <item><c>{variable}</c> is replaced by the contact's value; the variables are listed in <see cref="ContactVariables"/>.</item>
/// <item><c>{variable|fallback}</c> uses the literal fallback when the value is missing (null, empty or blank).
/// <c>{first_name|}</c> is an empty fallback: a missing value fills as nothing.</item>
/// <item>Blanks around the variable and around the fallback are ignored: <c>{ first_name | there }</c> is <c>{first_name|there}</c>.
/// A fallback keeps any further <c>|</c> as text and cannot hold braces.</item>
/// <item><c>{{</c> and <c>}}</c> are a literal <c>{</c> and <c>}</c>, also next to a variable: <c>{{{first_name}}}</c> → <c>{Ann}</c>.</item>
/// </list>
/// A lone <c>}</c>, an unclosed <c>{</c>, an empty <c>{}</c>, a <c>{</c> inside a variable or an unknown variable makes the
/// template invalid (<c>invalid_template</c>, see <see cref="TemplateParse"/>).
/// </remarks>
public sealed class MessageTemplate
{
    /// <summary>Longest filled text that may be sent; longer → <c>invalid_message</c> (see <see cref="TemplateFill.ToError"/>).</summary>
    public const int MaxFilledLength = Conversations.SmsLimits.MaxBodyLength;

    private readonly TemplatePart[] _parts;
    private readonly string? _constant;

    internal MessageTemplate(string text, TemplatePart[] parts, IReadOnlyList<string> variables)
    {
        Text = text;
        _parts = parts;
        Variables = variables;
        // A template without variables fills to the same text every time: keep it rather than copy it per fill.
        _constant = parts switch
        {
            [] => string.Empty,
            [{ Literal: { } literal }] => literal,
            _ => null,
        };
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The distinct variables the template uses (e.g. <c>first_name</c>, <c>fields.plan</c>), in order of first use.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Parses and validates <paramref name="text"/>: the template, or the <c>invalid_template</c> error with its position.</summary>
    public static TemplateParse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TemplateParser.Parse(text);
    }

    /// <summary>
    /// Fills the template from <paramref name="contact"/>: the text, or the first variable (in template order) that is missing
    /// and has no fallback. The text's length and segments are checked by the caller through <see cref="TemplateFill.ToError"/>.
    /// </summary>
    public TemplateFill Fill(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (_constant is not null)
        {
            return new TemplateFill(_constant, null);
        }

        // Two passes over the parts (measure, then copy into the one string) so that a fill allocates its text and nothing else.
        var length = 0;
        foreach (ref readonly var part in _parts.AsSpan())
        {
            var value = part.ValueFor(contact);
            if (value is null)
            {
                return new TemplateFill(null, part.Variable);
            }
            length += value.Length;
        }
        var text = string.Create(length, (_parts, contact), static (destination, state) =>
        {
            foreach (ref readonly var part in state._parts.AsSpan())
            {
                var value = part.ValueFor(state.contact)!;
                value.CopyTo(destination);
                destination = destination[value.Length..];
            }
        });
        return new TemplateFill(text, null);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>One piece of a parsed template: literal text (braces unescaped) or a bound variable with its fallback.</summary>
/// <param name="Literal">The text, for a literal piece.</param>
/// <param name="Variable">The variable's name, for a variable piece.</param>
/// <param name="Binding">Where the variable reads its value.</param>
/// <param name="Fallback">The fallback (possibly empty), or null when there is none.</param>
internal readonly record struct TemplatePart(string? Literal, string? Variable, VariableBinding Binding, string? Fallback)
{
    /// <summary>The text this piece fills with; null when its variable is missing and has no fallback.</summary>
    public string? ValueFor(Contact contact)
    {
        if (Literal is not null)
        {
            return Literal;
        }
        var value = Binding.ValueOf(contact);
        return ContactVariables.IsMissing(value) ? Fallback : value;
    }
}
