namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>Finds a day of the week in free text: "thursday", "Thu morning?", "fri pls".</summary>
public static class Weekday
{
    private static readonly Dictionary<string, string> Names = BuildNames();

    /// <summary>The first day named in <paramref name="text"/> (e.g. "Thursday"), or null.</summary>
    public static string? Find(string text)
    {
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Names.TryGetValue(word.Trim('.', ',', '!', '?', ';', ':'), out var day))
            {
                return day;
            }
        }
        return null;
    }

    private static Dictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString();
            names[name] = name;
            names[name[..3]] = name;
        }
        names["tues"] = "Tuesday";
        names["weds"] = "Wednesday";
        names["thur"] = names["thurs"] = "Thursday";
        return names;
    }
}
