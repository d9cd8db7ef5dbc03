using Lab.Runner.Progress;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class SummaryTableTests
{
    [Fact]
    public void A_narrow_terminal_gets_fewer_columns_but_keeps_the_iqm_and_its_interval()
    {
        using var results = new TempResults().Add(
            new TrialSpec("batch_size=512 memory=10000 variant=dqn2", 0) { Returns = [10], FinalMean = 300 },
            new TrialSpec("batch_size=512 memory=10000 variant=dqn2", 1) { Returns = [10], FinalMean = 200 });
        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 100);

        var wide = SummaryTable.Build(summary);
        var narrow = SummaryTable.Build(summary, 80);

        Assert.Equal(13, wide.Columns.Count);
        Assert.True(narrow.Columns.Count < wide.Columns.Count);
        var output = new StringWriter();
        var console = Lab.Runner.Progress.PlainConsole.Create(output, 80);
        console.Write(narrow);
        var lines = output.ToString().Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.Contains(lines, l => l.Contains("IQM", StringComparison.Ordinal) && l.Contains("95% CI", StringComparison.Ordinal));
        Assert.Contains("[200.0, 300.0]", output.ToString());
        Assert.DoesNotContain("median", lines[1]);
    }
}
