using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>Uploads CSV files to <c>POST /v1/contacts/imports</c> and waits for their imports to end.</summary>
internal static class ImportClient
{
    public static Task<HttpResponseMessage> PostCsvAsync(HttpClient api, string csv, string? mapping = null) =>
        api.PostAsync("/v1/contacts/imports" + (mapping is null ? "" : $"?mapping={Uri.EscapeDataString(mapping)}"),
            new StringContent(csv, new UTF8Encoding(false), "text/csv"));

    public static Task<HttpResponseMessage> PostMultipartAsync(HttpClient api, byte[] file, string? mapping = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(part, "file", "contacts.csv");
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping), "mapping");
        }
        return api.PostAsync("/v1/contacts/imports", form);
    }

    /// <summary>Starts an import and returns its id (asserting the 202).</summary>
    public static async Task<string> StartAsync(HttpClient api, string csv, string? mapping = null)
    {
        var response = await PostCsvAsync(api, csv, mapping);
        var body = await Http.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("running", body.GetProperty("status").GetString());
        return body.GetProperty("import_id").GetString()!;
    }

    /// <summary>The import once it is no longer running.</summary>
    public static async Task<JsonElement> EndedAsync(HttpClient api, string importId)
    {
        JsonElement view = default;
        await DemoFlowTests.Eventually(async () =>
        {
            view = await api.GetFromJsonAsync<JsonElement>($"/v1/contacts/imports/{importId}");
            return view.GetProperty("status").GetString() != "running";
        });
        return view;
    }

    public static async Task<JsonElement> ImportAsync(HttpClient api, string csv, string? mapping = null) =>
        await EndedAsync(api, await StartAsync(api, csv, mapping));

    public static (int Created, int Updated, int Failed, int Total, int Processed) Counts(JsonElement view) => (
        view.GetProperty("created").GetInt32(), view.GetProperty("updated").GetInt32(), view.GetProperty("failed").GetInt32(),
        view.GetProperty("rows_total").GetInt32(), view.GetProperty("rows_processed").GetInt32());

    public static IEnumerable<(int Row, string? Column, string Code, string? Value)> Errors(JsonElement view) =>
        view.GetProperty("errors").EnumerateArray().Select(e => (
            e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()!, e.GetProperty("value").GetString()));
}
