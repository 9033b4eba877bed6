using System.Text;
using Orleans.Sms.Contacts;

namespace Orleans.Sms.Templates;

/// <summary>Reads a template's text into literal and variable parts, stopping at the first fault (see <see cref="MessageTemplate"/>).</summary>
internal static class TemplateParser
{
    public static TemplateParse Parse(string text)
    {
        var parts = new List<TemplatePart>();
        var variables = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                if (!IsDoubled(text, i))
                {
                    return TemplateParse.Fail(i, "'}' without '{' (write '}}' for a literal '}')");
                }
                literal.Append('}');
                i += 2;
            }
            else if (c != '{')
            {
                literal.Append(c);
                i++;
            }
            else if (IsDoubled(text, i))
            {
                literal.Append('{');
                i += 2;
            }
            else
            {
                var (part, fault, faultAt, end) = ReadVariable(text, i);
                if (fault is not null)
                {
                    return TemplateParse.Fail(faultAt, fault);
                }
                Flush(literal, parts);
                parts.Add(part);
                if (!variables.Contains(part.Variable!))
                {
                    variables.Add(part.Variable!);
                }
                i = end;
            }
        }
        Flush(literal, parts);
        return TemplateParse.Ok(new MessageTemplate(text, [.. parts], variables.AsReadOnly()));
    }

    /// <summary>Reads the variable whose '{' is at <paramref name="open"/>: the part and the index after its '}', or the fault.</summary>
    private static (TemplatePart Part, string? Fault, int FaultAt, int End) ReadVariable(string text, int open)
    {
        var pipe = -1;
        var close = open + 1;
        for (; close < text.Length && text[close] != '}'; close++)
        {
            if (text[close] == '{')
            {
                return (default, $"'{{' inside the variable opened at position {open} (write '{{{{' for a literal '{{')", close, 0);
            }
            if (text[close] == '|' && pipe < 0)
            {
                pipe = close;
            }
        }
        if (close == text.Length)
        {
            return (default, "'{' without '}' (write '{{' for a literal '{')", open, 0);
        }

        var nameEnd = pipe < 0 ? close : pipe;
        var name = text.AsSpan(open + 1, nameEnd - open - 1).Trim().ToString();
        if (name.Length == 0)
        {
            return (default, "empty variable", open, 0);
        }
        if (!ContactVariables.TryBind(name, out var binding))
        {
            var fault = name.StartsWith(ContactMembers.FieldPrefix, StringComparison.Ordinal)
                ? $"invalid field key '{name[ContactMembers.FieldPrefix.Length..]}' (1 to 64 of a-z, 0-9 and _)"
                : $"unknown variable '{name}'";
            return (default, fault, open, 0);
        }
        var fallback = pipe < 0 ? null : text.AsSpan(pipe + 1, close - pipe - 1).Trim().ToString();
        return (new TemplatePart(null, name, binding, fallback), null, 0, close + 1);
    }

    private static bool IsDoubled(string text, int i) => i + 1 < text.Length && text[i + 1] == text[i];

    private static void Flush(StringBuilder literal, List<TemplatePart> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), null, default, null));
            literal.Clear();
        }
    }
}
