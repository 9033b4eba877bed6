namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>What Azure Tables allows in one request, the one home for it in this assembly.</summary>
internal static class TableLimits
{
    /// <summary>The most entities (operations) of one entity-group transaction.</summary>
    public const int TransactionRows = 100;
}
