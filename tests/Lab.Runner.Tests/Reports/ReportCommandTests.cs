using Lab.Agent;
using Lab.Runner.Commands;
using Lab.Runner.Progress;
using Spectre.Console;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class ReportCommandTests
{
    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        return (Lab.Runner.Progress.PlainConsole.Create(output, 200), output);
    }

    private static TempResults TwoConfigs() => new TempResults().Sweep("batch-size", "Does a batch of 512 stop the cart drifting left?").Add(
        new TrialSpec("batch_size=64", 0) { Returns = TrialSpec.LearningReturns(150, 60, 500, 1), Evaluations = [(50, 40), (100, 300)], FinalMean = 480 },
        new TrialSpec("batch_size=64", 1) { Returns = TrialSpec.LearningReturns(150, 70, 500, 2), Evaluations = [(50, 30), (100, 200)], FinalMean = 350 },
        new TrialSpec("batch_size=512", 0) { Returns = TrialSpec.LearningReturns(150, 90, 500, 3), Evaluations = [(50, 20), (100, 100)], FinalMean = 200 },
        new TrialSpec("batch_size=512", 1) { Returns = [10, 12], Status = TrialStatus.Failed, Reason = "Q values diverged" });

    [Fact]
    public void A_missing_folder_exits_with_code_2_and_says_which_folder()
    {
        var (console, output) = Console();
        var missing = Path.Combine(Path.GetTempPath(), "dqnlab-no-such-" + Guid.NewGuid().ToString("N"));

        var code = ReportCommand.Run(missing, console);

        Assert.Equal(2, code);
        Assert.Contains("no results folder", output.ToString());
        Assert.Contains(Path.GetFileName(missing), output.ToString());
    }

    [Fact]
    public void An_empty_folder_exits_with_code_2_and_says_there_are_no_trials()
    {
        using var results = new TempResults();
        var (console, output) = Console();

        Assert.Equal(2, ReportCommand.Run(results.Root, console));
        Assert.Contains("no trials in", output.ToString());
        Assert.False(File.Exists(results.PathOf("report.html")));
    }

    [Fact]
    public void A_folder_of_experiments_exits_with_code_2_and_names_one_to_report()
    {
        using var results = new TempResults();
        new TrialSpec("x", 0) { Returns = [10], FinalMean = 10 }.Write(Path.Combine(results.Root, "batch-size"));
        var (console, output) = Console();

        Assert.Equal(2, ReportCommand.Run(results.Root, console));
        Assert.Contains("holds experiments", output.ToString());
        Assert.Contains("batch-size", output.ToString());
    }

    [Fact]
    public void The_report_prints_the_question_and_table_and_writes_three_files_atomically()
    {
        using var results = TwoConfigs();
        var (console, output) = Console();

        var code = ReportCommand.Run(results.Root, console, 500);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("Does a batch of 512 stop the cart drifting left?", text);
        Assert.Contains("batch_size=64", text);
        Assert.Contains("IQM", text);
        Assert.Contains("Q values diverged", text);
        Assert.Contains("report.html", text);
        foreach (var file in new[] { "summary.csv", "summary.md", "report.html" })
            Assert.True(File.Exists(results.PathOf(file)), file);
        Assert.Empty(Directory.GetFiles(results.Root, "*.tmp"));
        Assert.Contains("Q values diverged", File.ReadAllText(results.PathOf("summary.md")));
    }

    [Fact]
    public void The_best_config_comes_first_in_every_output()
    {
        using var results = TwoConfigs();
        var (console, output) = Console();

        ReportCommand.Run(results.Root, console, 500);

        var csv = File.ReadAllLines(results.PathOf("summary.csv"));
        Assert.StartsWith("batch_size=64,", csv[1]);
        Assert.StartsWith("batch_size=512,", csv[2]);
        var md = File.ReadAllText(results.PathOf("summary.md"));
        Assert.True(md.IndexOf("batch_size=64", StringComparison.Ordinal) < md.IndexOf("batch_size=512", StringComparison.Ordinal));
        // one seed of batch_size=512 gives its IQM no interval, so nothing separates the two: no row is marked best
        Assert.DoesNotContain("(best)", md);
        Assert.Contains("No config is marked best", md);
        var printed = output.ToString();
        Assert.True(printed.IndexOf("batch_size=64", StringComparison.Ordinal) < printed.IndexOf("batch_size=512", StringComparison.Ordinal));
    }

    [Fact]
    public void Running_the_report_twice_writes_byte_identical_files()
    {
        using var results = TwoConfigs();

        ReportCommand.Run(results.Root, Console().Console, 500);
        var first = new[] { "summary.csv", "summary.md", "report.html" }.Select(f => File.ReadAllBytes(results.PathOf(f))).ToList();
        ReportCommand.Run(results.Root, Console().Console, 500);
        var second = new[] { "summary.csv", "summary.md", "report.html" }.Select(f => File.ReadAllBytes(results.PathOf(f))).ToList();

        for (var i = 0; i < first.Count; i++) Assert.Equal(first[i], second[i]);
    }

    [Fact]
    public void Incomplete_trials_are_reported_but_do_not_stop_the_report()
    {
        using var results = TwoConfigs().Add(new TrialSpec("batch_size=64", 2) { Returns = [10, 11], Status = null });
        var (console, output) = Console();

        Assert.Equal(0, ReportCommand.Run(results.Root, console, 500));
        Assert.Contains("1 unfinished trial", output.ToString());
        Assert.Contains("batch_size_64-r2", output.ToString());
        Assert.Contains("incomplete", File.ReadAllText(results.PathOf("report.html")));
    }

    [Fact]
    public void Trials_planned_in_sweep_json_but_not_started_are_counted()
    {
        using var results = new TempResults().Sweep("g", null, "x-r0", "x-r1", "x-r2").Add(new TrialSpec("x", 0) { Returns = [10], FinalMean = 10 });
        var (console, output) = Console();

        Assert.Equal(0, ReportCommand.Run(results.Root, console, 100));
        Assert.Contains("2 of 3 planned trials not started yet", output.ToString());
        Assert.Contains("2 of 3 planned not started", File.ReadAllText(results.PathOf("report.html")));
    }

    [Fact]
    public void A_markdown_table_is_not_broken_by_a_pipe_in_a_label()
    {
        using var results = new TempResults().Add(new TrialSpec("a|b", 0) { Returns = [10], FinalMean = 10 });

        ReportCommand.Run(results.Root, Console().Console, 100);

        var row = File.ReadAllLines(results.PathOf("summary.md")).Single(l => l.Contains("a\\|b", StringComparison.Ordinal));
        Assert.Equal(14, row.Count(ch => ch == '|') - 1);
    }
}
