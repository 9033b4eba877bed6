using Azure.Data.Tables;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>Reads of properties that every row of the archive has.</summary>
internal static class EntityReading
{
    /// <summary>A string property the archive always writes; a row without it was not written by the archive.</summary>
    public static string Required(this TableEntity entity, string property) =>
        entity.GetString(property)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no '{property}' property.");

    /// <summary>An enum stored by name.</summary>
    public static TEnum RequiredEnum<TEnum>(this TableEntity entity, string property) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(entity.Required(property));
}
