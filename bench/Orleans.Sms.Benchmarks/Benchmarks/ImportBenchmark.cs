using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;
using Orleans.Sms.Testing.Azurite;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Benchmarks;

/// <summary>
/// A generated CSV of realistic contacts (1 % bad rows) imported over HTTP into the engine, on memory storage and on
/// Azurite: rows per second from upload to <c>completed</c>, and the host's managed heap sampled every 100 ms. Baseline in
/// the same run: the same rows inserted raw into the same Azurite, one entity per row, 100 per entity-group transaction,
/// one transaction at a time (as the import writes).
/// </summary>
internal sealed class ImportBenchmark : IBenchmark
{
    private const double Target = 0.5;
    private const long HeapTarget = 256L * 1024 * 1024;

    public string Name => "import";

    public string Description => "CSV contact import rows/s (memory and Azurite) vs raw entity-group inserts of the same rows; peak managed heap";

    public async Task RunAsync(BenchContext context, BenchReport report)
    {
        // BENCH_IMPORT_ROWS=n runs the large file at n rows (diagnostics); the small one stays a tenth of the default.
        var large = int.TryParse(Environment.GetEnvironmentVariable("BENCH_IMPORT_ROWS"), out var rows) ? rows : context.Pick(100_000, 2_000);
        var small = context.Pick(10_000, 500);
        var directory = Directory.CreateTempSubdirectory("orleans-sms-bench-import-");
        try
        {
            var largeFile = Path.Combine(directory.FullName, "large.csv");
            var smallFile = Path.Combine(directory.FullName, "small.csv");
            var bad = ContactsCsv.Write(largeFile, large, firstNumber: 0);
            ContactsCsv.Write(smallFile, small, firstNumber: 5_000_000);
            context.Log($"import: {large:N0} rows ({new FileInfo(largeFile).Length / 1024.0 / 1024.0:0.0} MB, {bad} bad) and {small:N0} rows generated");

            await using var azurite = await Storage.Azurite.StartAsync(context);
            var raw = await RawInsertsAsync(context, azurite.ConnectionString, largeFile);
            context.Log($"import: raw entity-group inserts {raw:0} rows/s");

            var memory = await ImportAsync(context, largeFile, large, directory.FullName, azurite: null);
            var tables = await ImportAsync(context, largeFile, large, directory.FullName, azurite);
            var tablesSmall = await ImportAsync(context, smallFile, small, directory.FullName, azurite);

            report.Compare($"{large:N0} rows, memory storage: rows/s", memory.RowsPerSecond, raw, "/s", "0",
                $"target >= {Target}: {(memory.RowsPerSecond / raw >= Target ? "met" : "MISSED")}");
            report.Compare($"{large:N0} rows, Azure tables (Azurite): rows/s", tables.RowsPerSecond, raw, "/s", "0",
                $"target >= {Target}: {(tables.RowsPerSecond / raw >= Target ? "met" : "MISSED")}");
            foreach (var (name, run) in new[] { ($"{small:N0} rows, Azure tables", tablesSmall), ($"{large:N0} rows, Azure tables", tables), ($"{large:N0} rows, memory storage", memory) })
            {
                report.Figure($"{name}: peak managed heap", run.PeakHeapBytes / 1024.0 / 1024.0, " MB", "0",
                    $"before the upload {run.HeapBeforeBytes / 1024.0 / 1024.0:0} MB; target < 256 MB: {(run.PeakHeapBytes < HeapTarget ? "met" : "MISSED")}" +
                    (run == memory ? " (memory storage keeps every contact in this heap)" : ""));
            }
            report.Figure($"{large:N0} rows: created / failed", $"{tables.Created:N0} / {tables.Failed:N0}", $"{bad:N0} rows generated bad");
            report.Note("Rows/s from the start of the upload to the import's completed status (polled every 100 ms). The heap is the host " +
                        "process's GC.GetTotalMemory sampled every 100 ms during the import, so a short peak between samples can be missed.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<Run> ImportAsync(BenchContext context, string file, int rows, string spool, AzuriteServer? azurite)
    {
        var port = Ports.Free();
        var arguments = new List<string>
        {
            $"--Sms:AdminKey={EngineArguments.AdminKey}",
            $"--Sms:Cluster:SiloPort={Ports.Free()}",
            $"--Sms:Cluster:GatewayPort={Ports.Free()}",
            "--Sms:Cluster:AdvertisedIPAddress=127.0.0.1",
            "--Sms:RateLimit:PermitsPerSecond=100000",
            $"--Sms:Imports:SpoolPath={Path.Combine(spool, "spool" + port)}",
        };
        if (azurite is not null)
        {
            arguments.AddRange(["--Sms:Storage=AzureStorage", $"--ConnectionStrings:AzureStorage={azurite.ConnectionString}", $"--Sms:AzureStorage:TablePrefix=imp{port}"]);
        }
        await using var host = await ChildHost.StartAsync(EngineServer.Command, port, arguments, TimeSpan.FromSeconds(90));
        var tenant = await EngineTenant.CreateAsync(host.BaseUrl, EngineArguments.AdminKey);
        var before = await host.StatsAsync();
        var peak = before.HeapBytes;
        var watch = Stopwatch.StartNew();
        await using var upload = File.OpenRead(file);
        var response = await tenant.Api.PostAsync("/v1/contacts/imports", new StreamContent(upload) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } });
        var importId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("import_id").GetString();
        JsonElement view;
        while (true)
        {
            peak = Math.Max(peak, (await host.StatsAsync()).HeapBytes);
            view = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/contacts/imports/{importId}");
            if (view.GetProperty("status").GetString() != "running")
            {
                break;
            }
            await Task.Delay(100);
        }
        var elapsed = watch.Elapsed;
        var run = new Run(rows / elapsed.TotalSeconds, before.HeapBytes, peak, view.GetProperty("created").GetInt32(), view.GetProperty("failed").GetInt32());
        context.Log($"import: {rows:N0} rows on {(azurite is null ? "memory" : "Azurite")}: {view.GetProperty("status").GetString()} in {elapsed.TotalSeconds:0.0} s, " +
                    $"{run.RowsPerSecond:0} rows/s, heap {before.HeapBytes / 1048576.0:0} → peak {peak / 1048576.0:0} MB");
        return run;
    }

    /// <summary>The file's rows as raw entities (one per row, its cells as columns), 100 per transaction, 16 partitions, eight at a time.</summary>
    private static async Task<double> RawInsertsAsync(BenchContext context, string connection, string file)
    {
        var table = new TableServiceClient(connection).GetTableClient("benchrawcontacts");
        await table.CreateIfNotExistsAsync();
        using var reader = new StreamReader(file, Encoding.UTF8);
        var header = (await reader.ReadLineAsync())!.Split(',');
        var batches = Enumerable.Range(0, RawPartitions).Select(_ => new List<TableTransactionAction>(100)).ToArray();
        var inFlight = new List<Task>(8);
        var rows = 0;
        var watch = Stopwatch.StartNew();
        while (await reader.ReadLineAsync() is { } line)
        {
            var cells = line.Split(',');
            var partition = rows % RawPartitions;
            var entity = new TableEntity($"tenant|live|{partition:x}", "p|" + cells[0] + "|" + rows);
            for (var c = 1; c < header.Length && c < cells.Length; c++)
            {
                entity[header[c]] = cells[c];
            }
            var batch = batches[partition];
            batch.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
            rows++;
            if (rows % 10_000 == 0)
            {
                context.Log($"import: raw inserts: {rows:N0} rows, {rows / watch.Elapsed.TotalSeconds:0} rows/s so far");
            }
            if (batch.Count == 100)
            {
                inFlight.Add(table.SubmitTransactionAsync(batch));
                batches[partition] = new List<TableTransactionAction>(100);
                if (inFlight.Count == 8)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                }
            }
        }
        inFlight.AddRange(batches.Where(b => b.Count > 0).Select(b => table.SubmitTransactionAsync(b)));
        await Task.WhenAll(inFlight);
        return rows / watch.Elapsed.TotalSeconds;
    }

    private const int RawPartitions = 16;

    private sealed record class Run(double RowsPerSecond, long HeapBeforeBytes, long PeakHeapBytes, int Created, int Failed);
}

/// <summary>Generated contacts: realistic columns, distinct US numbers, every hundredth row with a number that does not parse.</summary>
internal static class ContactsCsv
{
    private static readonly string[] FirstNames = ["Ann", "Bob", "Chen", "Dolores", "Emeka", "Farah", "Giulia", "Hiro", "Inés", "Jonas"];
    private static readonly string[] LastNames = ["Lee", "García", "Okafor", "Smith", "Nguyen", "Kowalski", "Haddad", "Rossi", "Tanaka", "Müller"];
    private static readonly string[] Cities = ["Springfield", "Riverside", "Fairview", "Madison", "Georgetown"];

    /// <summary>Writes <paramref name="rows"/> rows; returns how many are bad.</summary>
    public static int Write(string path, int rows, int firstNumber)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("Phone,First Name,Last Name,Company,Email,City,Plan Tier,Last Visit");
        var bad = 0;
        for (var i = 0; i < rows; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[i / FirstNames.Length % LastNames.Length];
            var phone = i % 100 == 37 ? "555-01" : $"+1312{2_000_000 + firstNumber + i:D7}";
            bad += i % 100 == 37 ? 1 : 0;
            writer.WriteLine($"{phone},{first},{last},Clinic {i % 500},{first.ToLowerInvariant()}.{i}@example.test,{Cities[i % Cities.Length]},{(i % 3 == 0 ? "gold" : "silver")},2026-{1 + i % 12:D2}-{1 + i % 28:D2}");
        }
        return bad;
    }
}
