using System.Globalization;
using Lab.Runner.Commands;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

/// <summary>The report says how "solved" was judged, gives shares with intervals, and crowns no row the seeds cannot separate.</summary>
public sealed class HonestSummaryTests
{
    private static TrialSpec Seed(string label, int replicate, double final, int evalEpisodes = 20) => new(label, replicate)
    {
        Returns = [.. Enumerable.Repeat(30.0, 20)],
        Evaluations = [(10, final / 2)],
        FinalMean = final,
        EvalEpisodes = evalEpisodes,
    };

    private static (ReportSummary Summary, string Terminal, string Markdown, string Csv, string Html) Report(TempResults results)
    {
        var output = new StringWriter();
        Assert.Equal(0, ReportCommand.Run(results.Root, Lab.Runner.Progress.PlainConsole.Create(output, 240), 2000));
        return (Summarizer.Summarize(ResultsReader.Read(results.Root), 2000), output.ToString(),
            File.ReadAllText(results.PathOf("summary.md")), File.ReadAllText(results.PathOf("summary.csv")), File.ReadAllText(results.PathOf("report.html")));
    }

    private static Dictionary<string, string> CsvRow(string csv, string config)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).Single(r => r[0] == config);
        return header.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void The_solved_share_carries_its_exact_interval_in_every_output()
    {
        // Given 2 of 3 seeds with a final evaluation mean of at least 475 (CartPole-v1's threshold)
        using var results = new TempResults().Add(Seed("x", 0, 500), Seed("x", 1, 480), Seed("x", 2, 100));

        var (summary, terminal, md, csv, html) = Report(results);

        // Then the share is 2/3 with the Clopper–Pearson interval of 2 in 3 (R: binom.test(2, 3) = 0.0943, 0.9916)
        var c = Assert.Single(summary.Configs);
        Assert.Equal(2, c.Solved);
        Assert.Equal(0.09429932, c.SolvedCi.Low, tolerance: 1e-6);
        Assert.Equal(0.99159624, c.SolvedCi.High, tolerance: 1e-6);
        foreach (var text in new[] { md, html }) Assert.Contains("2/3 = 67% [9–99%]", text);
        Assert.Contains("2/3 [9–99%]", terminal);
        var row = CsvRow(csv, "x");
        Assert.Equal("2", row["solved_final"]);
        Assert.Equal(0.09429932, double.Parse(row["solved_final_ci_low"], CultureInfo.InvariantCulture), tolerance: 1e-6);
        Assert.Equal(0.99159624, double.Parse(row["solved_final_ci_high"], CultureInfo.InvariantCulture), tolerance: 1e-6);
    }

    [Fact]
    public void Every_output_says_how_solved_was_judged_episodes_cap_and_final_checkpoint()
    {
        using var results = new TempResults().Add(Seed("x", 0, 500, evalEpisodes: 100), Seed("x", 1, 480, evalEpisodes: 100));

        var (_, terminal, md, csv, html) = Report(results);

        foreach (var text in new[] { terminal, md, html })
        {
            Assert.Contains("100 greedy episodes at cap 500", text);
            Assert.Contains("final greedy evaluation", text);
            Assert.Contains("not the best one seen", text.Replace("\n", " "));
        }
        var row = CsvRow(csv, "x");
        Assert.Equal("100", row["eval_episodes"]);
        Assert.Equal("500", row["eval_cap"]);
        Assert.Equal("final", row["checkpoint"]);
        Assert.Equal("475", row["threshold"]);
    }

    [Fact]
    public void Configs_judged_differently_are_each_named_with_their_protocol()
    {
        using var results = new TempResults().Add(
            Seed("short", 0, 500, evalEpisodes: 10), Seed("short", 1, 500, evalEpisodes: 10),
            Seed("long", 0, 500, evalEpisodes: 100), Seed("long", 1, 500, evalEpisodes: 100));

        var note = ReportText.SolvedNote(Summarizer.Summarize(ResultsReader.Read(results.Root), 100));

        Assert.Contains("over 10 greedy episodes at cap 500 (short)", note);
        Assert.Contains("over 100 greedy episodes at cap 500 (long)", note);
    }

    [Fact]
    public void Solved_and_the_training_test_have_headings_that_say_which_is_which()
    {
        using var results = new TempResults().Add(Seed("x", 0, 500), Seed("x", 1, 480));

        var (_, terminal, md, csv, html) = Report(results);

        Assert.Contains("solved: final eval ≥ 475 [95% CI]", md);
        Assert.Contains("train mean ≥ 475: median episodes", md);
        Assert.Contains("a different test", md);
        Assert.Contains("a count from 1", md);
        Assert.Contains("training: mean of last 100 returns ≥ 475", html);
        Assert.Contains("train≥475", terminal);
        // the caption no longer says the median is over the seeds that got there: it is over all seeds, never = ∞
        Assert.Contains("median over all seeds", terminal);
        Assert.DoesNotContain("(seeds that got there)", terminal);
        Assert.Contains("train_episodes_to_reach_median", csv);
        Assert.DoesNotContain("episodes_to_solve", csv);
    }

    [Fact]
    public void Overlapping_intervals_crown_no_row_and_say_which_overlap()
    {
        // Given two configs whose seeds overlap: IQM intervals [300, 500] and [250, 480]
        using var results = new TempResults().Add(
            Seed("a", 0, 500), Seed("a", 1, 300), Seed("a", 2, 450),
            Seed("b", 0, 250), Seed("b", 1, 480), Seed("b", 2, 400));

        var (summary, terminal, md, csv, html) = Report(results);

        Assert.Null(summary.Leader);
        Assert.Equal("a", summary.Configs[0].Label); // still sorted by IQM
        Assert.DoesNotContain("(best)", md);
        Assert.DoesNotContain("★", html);
        Assert.DoesNotContain("★", terminal);
        Assert.Equal("0", CsvRow(csv, "a")["marked_best"]);
        foreach (var text in new[] { terminal, md, html }) Assert.Contains("No config is marked best: the interval of the highest IQM, a", text);
    }

    [Fact]
    public void A_row_whose_interval_lies_above_every_other_is_marked_best()
    {
        using var results = new TempResults().Add(
            Seed("a", 0, 500), Seed("a", 1, 490), Seed("a", 2, 495),
            Seed("b", 0, 20), Seed("b", 1, 30), Seed("b", 2, 25));

        var (summary, terminal, md, csv, html) = Report(results);

        Assert.Equal("a", summary.Leader);
        Assert.Contains("**a** (best)", md);
        Assert.Contains("★ best", html);
        Assert.Contains("a ★ best", terminal);
        Assert.Equal("1", CsvRow(csv, "a")["marked_best"]);
        Assert.Equal("0", CsvRow(csv, "b")["marked_best"]);
        Assert.Contains("a is marked best: its IQM 95% interval [490.0, 500.0] lies above that of every other config", terminal);
        Assert.Contains("a is marked best", md);
    }

    [Fact]
    public void Configs_sharing_seeds_are_compared_paired_with_rliable_probability_of_improvement()
    {
        // a = [500, 480, 120], b = [300, 490, 100] on seeds 1000..1002: 500 beats all three, 480 beats 300 and 100,
        // 120 beats 100: 6 of 9 pairs
        using var results = new TempResults().Add(
            Seed("a", 0, 500), Seed("a", 1, 480), Seed("a", 2, 120),
            Seed("b", 0, 300), Seed("b", 1, 490), Seed("b", 2, 100));

        var (summary, terminal, md, _, html) = Report(results);

        var ab = summary.Find("a", "b")!;
        var ba = summary.Find("b", "a")!;
        Assert.Equal(6.0 / 9, ab.Probability, 12);
        Assert.Equal(3.0 / 9, ba.Probability, 12);
        Assert.True(ab.Paired);
        Assert.Equal(3, ab.Runs);
        Assert.True(ab.Ci.Contains(ab.Probability));
        Assert.Equal(1 - ab.Ci.High, ba.Ci.Low, 12);
        var comparisons = File.ReadAllLines(results.PathOf("comparisons.csv"));
        Assert.Equal("x,y,probability_of_improvement,ci_low,ci_high,paired,runs,resamples", comparisons[0]);
        Assert.StartsWith("a,b,0.6666666666666666,", comparisons[1]);
        Assert.EndsWith(",1,3,2000", comparisons[1]);
        Assert.Contains("P(> b) = 0.67 [", terminal);
        Assert.Contains("paired by seed", terminal);
        Assert.Contains("## Probability of improvement", md);
        Assert.Contains("| 1. a |  | 0.67 [", md);
        Assert.Contains("<table class=\"poi\">", html);
    }

    [Fact]
    public void Configs_without_shared_seeds_are_resampled_independently()
    {
        using var results = new TempResults().Add(
            Seed("a", 0, 500) with { Seed = 1 }, Seed("a", 1, 480) with { Seed = 2 },
            Seed("b", 0, 300) with { Seed = 7 }, Seed("b", 1, 490) with { Seed = 8 });

        var c = Summarizer.Summarize(ResultsReader.Read(results.Root), 2000).Find("a", "b")!;

        Assert.False(c.Paired);
        Assert.Equal(0.75, c.Probability, 12);
    }

    [Fact]
    public void The_best_evaluation_sits_beside_the_final_one()
    {
        // Given seeds that reached 500 at an evaluation during training and collapsed to 20 by the end
        using var results = new TempResults().Add(
            new TrialSpec("x", 0) { Returns = [.. Enumerable.Repeat(30.0, 20)], Evaluations = [(10, 500)], FinalMean = 20 },
            new TrialSpec("x", 1) { Returns = [.. Enumerable.Repeat(30.0, 20)], Evaluations = [(10, 480)], FinalMean = 15 });

        var (summary, _, md, csv, _) = Report(results);

        var c = Assert.Single(summary.Configs);
        Assert.Equal([500.0, 480.0], c.BestScores);
        Assert.Equal(2, c.BestSolved);
        Assert.Equal(0, c.Solved);
        Assert.Equal("490", CsvRow(csv, "x")["best_eval_iqm"]);
        Assert.Equal("2", CsvRow(csv, "x")["best_eval_solved"]);
        Assert.Contains("biased upward", md);
        Assert.Contains("| 17.5 | 17.5 | [15.0, 20.0] |", md);
    }

    [Fact]
    public void The_best_checkpoint_is_judged_beside_the_final_one_with_its_own_interval()
    {
        // Given three seeds whose best checkpoints scored 500, 470 and 500 on the final evaluation's
        // episodes, and whose final networks scored 20, 15 and 500
        using var results = new TempResults().Add(
            Seed("x", 0, 20) with { BestMean = 500 }, Seed("x", 1, 15) with { BestMean = 470 }, Seed("x", 2, 500) with { BestMean = 500 });

        var (summary, terminal, md, csv, html) = Report(results);

        var c = Assert.Single(summary.Configs);
        Assert.Equal([500.0, 470.0, 500.0], c.CheckpointScores);
        Assert.Equal((1, 2), (c.Solved, c.CheckpointSolved));
        var row = CsvRow(csv, "x");
        Assert.Equal(("3", "490", "2"), (row["best_checkpoint_seeds"], row["best_checkpoint_mean"], row["best_checkpoint_solved"]));
        // Clopper–Pearson for 2 of 3: [Beta(0.025; 2, 2), 0.975^(1/3)] = [0.0943, 0.9916]
        Assert.Equal(0.0943, double.Parse(row["best_checkpoint_solved_ci_low"], CultureInfo.InvariantCulture), 4);
        Assert.Equal(0.9916, double.Parse(row["best_checkpoint_solved_ci_high"], CultureInfo.InvariantCulture), 4);
        Assert.Contains("| 490.0 | 2/3 = 67% [9–99%] |", md);
        Assert.Contains("1/3 = 33% [1–91%]", md); // the final checkpoint, still the headline
        Assert.Contains("best checkpoint (best.dqn, biased ↑)", html);
        Assert.Contains("2/3 [9–99%]", terminal);
        Assert.Contains(ReportText.CheckpointNote, md);
    }

    [Fact]
    public void Without_best_checkpoints_the_report_has_no_best_checkpoint_columns()
    {
        using var results = new TempResults().Add(Seed("x", 0, 20), Seed("x", 1, 500));
        var (_, _, md, csv, _) = Report(results);
        Assert.DoesNotContain("best checkpoint mean", md);
        Assert.DoesNotContain(ReportText.CheckpointNote, md);
        Assert.Equal(("0", ""), (CsvRow(csv, "x")["best_checkpoint_seeds"], CsvRow(csv, "x")["best_checkpoint_solved"]));
    }
}
