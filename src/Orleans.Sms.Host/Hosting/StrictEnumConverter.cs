using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Enums on the wire are their documented names and nothing else (docs/api.md: Boundaries): snake_case lower names (or a member's
/// <see cref="JsonStringEnumMemberNameAttribute"/>), compared exactly. Numbers, numeric strings, other casings and comma lists
/// (which <see cref="JsonStringEnumConverter"/> accepts as flag combinations) are refused with a message that names the
/// allowed values; the host turns it into 400 <c>invalid_request</c>.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}

/// <summary>The wire names of one enum type, both ways.</summary>
public static class EnumNames<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(v => EnumWireNames.Of(typeof(T), v.ToString()), StringComparer.Ordinal);
    private static readonly FrozenDictionary<T, string> ByValue = ByName.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>The allowed names, in declaration order, for messages: <c>a, b, c</c>.</summary>
    public static string Allowed { get; } = string.Join(", ", EnumWireNames.Of(typeof(T)));

    /// <summary>True when <paramref name="name"/> is exactly one member's wire name.</summary>
    public static bool TryParse(string? name, out T value) => ByName.TryGetValue(name ?? "", out value);

    /// <summary>The wire name of a declared member; an undeclared value has none.</summary>
    public static string? NameFor(T value) => ByValue.GetValueOrDefault(value);
}

/// <summary>Wire names of enum members: the member's <see cref="JsonStringEnumMemberNameAttribute"/>, else its snake_case name.</summary>
public static class EnumWireNames
{
    /// <summary>Every member's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> Of(Type enumType) => Enum.GetNames(enumType).Select(n => Of(enumType, n)).ToList();

    internal static string Of(Type enumType, string memberName)
    {
        var member = enumType.GetField(memberName, BindingFlags.Public | BindingFlags.Static)!;
        return member.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
    }
}

internal sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return EnumNames<T>.TryParse(text, out var value)
            ? value
            : throw new JsonException($"Expected one of {EnumNames<T>.Allowed} (a string), not {Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(EnumNames<T>.NameFor(value)
            ?? throw new JsonException($"{typeof(T).Name} has no member with the value {value}."));

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(EnumNames<T>.NameFor(value)
            ?? throw new JsonException($"{typeof(T).Name} has no member with the value {value}."));

    private static string Describe(ref Utf8JsonReader reader)
    {
        var raw = reader.TokenType switch
        {
            JsonTokenType.String => $"\"{reader.GetString()}\"",
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null =>
                System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.StartArray => "a list",
            JsonTokenType.StartObject => "an object",
            _ => reader.TokenType.ToString(),
        };
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
