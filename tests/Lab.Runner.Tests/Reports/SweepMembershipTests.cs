using Lab.Runner.Commands;
using Lab.Runner.Progress;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Spectre.Console;
using Xunit;

namespace Lab.Runner.Tests.Reports;

/// <summary>
/// A grid rerun into the same folder with a changed grid leaves the old trial folders behind: with
/// sweep.json's trial list only the sweep's trials count, the rest are named and ignored.
/// </summary>
public sealed class SweepMembershipTests
{
    private static TrialSpec Seed(string label, int replicate, double final) =>
        new(label, replicate) { Returns = [20, 40, 80], Evaluations = [(2, final / 2)], FinalMean = final };

    /// <summary>The sweep has two seeds per config; two more folders of the same config are left from an earlier grid.</summary>
    private static TempResults RerunGrid()
    {
        var current = new[] { Seed("batch_size=64", 0, 400), Seed("batch_size=64", 1, 300), Seed("batch_size=512", 0, 100), Seed("batch_size=512", 1, 120) };
        var earlier = new[] { Seed("batch_size=64", 2, 20), Seed("batch_size=64", 3, 10) };
        var results = new TempResults().Sweep("batch-size", "Q?", current.Select(t => t.TrialId).ToArray());
        results.Add(current).Add(earlier);
        return results;
    }

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        return (Lab.Runner.Progress.PlainConsole.Create(output, 400), output);
    }

    [Fact]
    public void Given_sweep_json_lists_its_trials_then_other_trial_folders_are_not_pooled_as_seeds()
    {
        using var results = RerunGrid();

        var folder = ResultsReader.Read(results.Root);
        var summary = Summarizer.Summarize(folder, 200);

        Assert.Equal(4, folder.Trials.Count);
        Assert.Equal([Seed("batch_size=64", 2, 0).TrialId, Seed("batch_size=64", 3, 0).TrialId], folder.Ignored.Select(t => t.TrialId));
        var c64 = Assert.Single(summary.Configs, c => c.Label == "batch_size=64");
        Assert.Equal(2, c64.Seeds);
        Assert.Equal(2, c64.Trials.Count);
        Assert.Empty(summary.Problems);
        Assert.Equal(0, folder.NotStarted);
    }

    [Fact]
    public void Given_ignored_trial_folders_then_the_terminal_summary_md_and_report_html_name_them_with_a_hint()
    {
        using var results = RerunGrid();
        var (console, output) = Console();

        Assert.Equal(0, ReportCommand.Run(results.Root, console, 200));

        var md = File.ReadAllText(results.PathOf("summary.md"));
        var html = File.ReadAllText(results.PathOf("report.html"));
        foreach (var text in new[] { output.ToString(), md, html })
        {
            Assert.Contains("2 trial folders not part of this sweep (ignored)", text);
            Assert.Contains(Seed("batch_size=64", 3, 0).TrialId, text);
            Assert.Contains("--out", text);
        }
        Assert.Contains("| batch_size=64 | 2 |", md.Replace("**", "").Replace(" (best)", ""));
    }

    [Fact]
    public void Given_only_trial_folders_outside_the_sweep_then_the_report_says_none_has_started_and_names_them()
    {
        using var results = new TempResults().Sweep("batch-size", null, Seed("batch_size=64", 0, 0).TrialId).Add(Seed("batch_size=64", 5, 10));
        var (console, output) = Console();

        Assert.Equal(2, ReportCommand.Run(results.Root, console, 200));
        Assert.Contains("has started yet", output.ToString());
        Assert.Contains("1 trial folder not part of this sweep (ignored): " + Seed("batch_size=64", 5, 0).TrialId, output.ToString());
    }

    [Fact]
    public void Given_sweep_json_without_a_trial_list_or_no_sweep_json_then_every_trial_counts_grouped_by_config_label()
    {
        using var noList = new TempResults().Sweep("old", null).Add(Seed("a", 0, 10), Seed("a", 1, 20), Seed("b", 0, 30));
        using var trains = new TempResults().Add(Seed("dqn2 3f2a9c1b", 0, 10), Seed("dqn2 77d0e4aa", 0, 20), Seed("dqn2 77d0e4aa", 1, 25));

        var fromNoList = Summarizer.Summarize(ResultsReader.Read(noList.Root), 100);
        var fromTrains = Summarizer.Summarize(ResultsReader.Read(trains.Root), 100);

        Assert.Empty(fromNoList.Folder.Ignored);
        Assert.Equal(2, fromNoList.Configs.Single(c => c.Label == "a").Seeds);
        Assert.Empty(fromTrains.Folder.Ignored);
        Assert.Equal(2, fromTrains.Configs.Count);
        Assert.Equal(2, fromTrains.Configs.Single(c => c.Label == "dqn2 77d0e4aa").Seeds);
        Assert.DoesNotContain("not part of this sweep", SummaryFiles.ToMarkdown(fromTrains));
    }
}
