using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.Contacts;

public sealed class ImportProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ImportProgress Running(int total = 10) => new()
    {
        Owner = new ResourceOwner("ten_1", "live"), Status = ImportStatus.Running, RowsTotal = total, Runner = "run_a", LastProgressAt = T0,
    };

    private static ImportRowError Error(int row) => new(row, "Phone", "invalid_phone_number", "x");

    [Fact]
    public void Apply_AddsABatchOnceAndIgnoresARepeatedReport()
    {
        var progress = Running();
        var batch = new ImportBatchResult(5, 2, 2, [Error(3)]);

        Assert.True(progress.Apply(batch, T0.AddSeconds(1)));
        Assert.False(progress.Apply(batch, T0.AddSeconds(2)));

        Assert.Equal((5, 2, 2, 1, T0.AddSeconds(1)), (progress.RowsProcessed, progress.Created, progress.Updated, progress.Failed, progress.LastProgressAt));
    }

    [Fact]
    public void ACampaignImport_CountsAddedAndAlreadyPresent_AndOnlyItShowsThem()
    {
        var contacts = Running();
        var campaign = Running();
        campaign.CampaignId = "cmp_1";
        var batch = new ImportBatchResult(5, 3, 1, [Error(2)], Added: 3, AlreadyPresent: 1);

        contacts.Apply(batch, T0);
        campaign.Apply(batch, T0);
        campaign.Apply(batch with { ProcessedThrough = 6, Created = 0, Updated = 1, Errors = [], Added = 0 }, T0);

        Assert.Equal(((int?)null, (int?)null), (contacts.ToView("imp_1").Added, contacts.ToView("imp_1").AlreadyPresent));
        Assert.Equal(((int?)3, (int?)2), (campaign.ToView("imp_2").Added, campaign.ToView("imp_2").AlreadyPresent));
    }

    [Fact]
    public void Apply_ListsTheFirstThousandErrorsAndCountsEveryOne()
    {
        var progress = Running(1_200);

        progress.Apply(new ImportBatchResult(600, 0, 0, [.. Enumerable.Range(1, 600).Select(Error)]), T0);
        progress.Apply(new ImportBatchResult(1_200, 0, 0, [.. Enumerable.Range(601, 600).Select(Error)]), T0);

        Assert.Equal((1_200, 1_000, true, 1_000), (progress.Failed, progress.Errors.Count, progress.ErrorsTruncated, progress.Errors[^1].Row));
    }

    [Fact]
    public void End_CompletesOrFailsSayingHowFarAndThenIgnoresReports()
    {
        var completed = Running(5);
        completed.Apply(new ImportBatchResult(5, 5, 0, []), T0);
        var failed = Running(10);
        failed.Apply(new ImportBatchResult(4, 4, 0, []), T0);

        completed.End(null);
        failed.End("the uploaded file could not be read");

        Assert.Equal(ImportStatus.Completed, completed.Status);
        Assert.Equal(ImportStatus.Failed, failed.Status);
        Assert.Equal("the uploaded file could not be read (stopped after row 4 of 10; the rows before it are imported)", failed.FailureReason);
        Assert.False(failed.Apply(new ImportBatchResult(10, 6, 0, []), T0));
        Assert.Equal(4, failed.RowsProcessed);
    }

    [Fact]
    public void MayBeClaimed_ByItsRunnerAlwaysAndByAnotherOnlyAfterTheSilence()
    {
        var progress = Running();
        var silence = TimeSpan.FromSeconds(30);

        Assert.True(progress.MayBeClaimed("run_a", T0, silence));
        Assert.False(progress.MayBeClaimed("run_b", T0.AddSeconds(29), silence));
        Assert.True(progress.MayBeClaimed("run_b", T0.AddSeconds(30), silence));
        progress.End(null);
        Assert.False(progress.MayBeClaimed("run_a", T0, silence));
    }
}
