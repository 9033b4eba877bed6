using Azure.Data.Tables;
using Orleans.Sms.AzureStorage;

namespace Orleans.Sms.Hosting;

/// <summary>Lets an Orleans client find the gateways of an engine on Azure Table Storage (<c>Sms:Storage=AzureStorage</c>).</summary>
public static class AzureStorageClientBuilderExtensions
{
    /// <summary>
    /// Reads the gateways of a cluster whose silos run <c>UseSmsAzureStorage</c> with the same connection string and prefix
    /// from its membership table (<see cref="SmsTableNames.Silos"/>). Only Orleans' Azure clustering package is needed:
    /// the client never touches the engine's grain state, reminders or archive.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="connectionString">Azure Storage connection string of the engine (its <c>ConnectionStrings:AzureStorage</c>).</param>
    /// <param name="tablePrefix">The prefix the silos use (their <c>Sms:AzureStorage:TablePrefix</c>).</param>
    /// <returns>The client.</returns>
    public static IClientBuilder UseSmsAzureStorageClustering(
        this IClientBuilder client, string connectionString, string tablePrefix = SmsTableNames.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var names = new SmsTableNames(tablePrefix);
        client.UseAzureStorageClustering(o =>
        {
            o.TableServiceClient = new TableServiceClient(connectionString);
            o.TableName = names.Silos;
        });
        return client;
    }
}
