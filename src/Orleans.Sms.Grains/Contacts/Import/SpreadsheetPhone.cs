namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// Phone cells that spreadsheets mangle. libphonenumber reads them leniently and would import the wrong number without a word:
/// it skips a leading <c>'</c>, turns letters into keypad digits (<c>4.15555E+09</c>, vanity words), drops an extension
/// (<c>x12</c>, <c>ext 12</c>), reads only the first of several numbers, and keeps a float's <c>.0</c> as one more digit.
/// Such a cell is refused (<c>invalid_phone_number</c>) before libphonenumber sees it.
/// </summary>
public static class SpreadsheetPhone
{
    /// <summary>Most digits of an E.164 number; more means several numbers in one cell.</summary>
    public const int MaxDigits = 15;

    /// <summary>
    /// True when <paramref name="cell"/> (trimmed) holds only what a written phone number holds: digits, one leading <c>+</c>,
    /// spaces and <c>- . ( )</c>, at most <see cref="MaxDigits"/> digits, and not a decimal number such as <c>4155550100.0</c>.
    /// </summary>
    public static bool LooksWritten(string cell)
    {
        var digits = 0;
        var dots = 0;
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.')
            {
                dots++;
            }
            else if (!(c is ' ' or '\u00A0' or '-' or '(' or ')' || (c == '+' && i == 0)))
            {
                return false;
            }
        }
        // One dot between digits and nothing else to separate them is how a spreadsheet writes a number as a decimal
        // (4155550100.0, 4.1555501E9 once the E is gone); dotted phone numbers have two dots or more (415.555.0100).
        var decimalLike = dots == 1 && !cell.Contains(' ') && !cell.Contains('-') && !cell.Contains('(');
        return digits is > 0 and <= MaxDigits && !decimalLike;
    }
}
