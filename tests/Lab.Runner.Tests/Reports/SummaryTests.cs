using System.Globalization;
using System.Text.Json;
using Lab.Agent;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class SummaryTests
{
    private static TrialSpec Learner(string label, int replicate, double midpoint, double final) =>
        new(label, replicate)
        {
            Seed = 100 + replicate,
            Returns = TrialSpec.LearningReturns(300, midpoint, 500, (ulong)(replicate * 7919 + label.Length)),
            Evaluations = [(100, final / 3), (200, final / 2), (300, final * 0.9)],
            FinalMean = final,
        };

    /// <summary>The scores recomputed straight from the files, without the report's reader.</summary>
    private static Dictionary<string, List<double>> ScoresFromFiles(string root)
    {
        var scores = new Dictionary<string, List<double>>();
        foreach (var dir in Directory.GetDirectories(root))
        {
            var statusPath = Path.Combine(dir, "status.json");
            if (!File.Exists(statusPath)) continue;
            using var status = JsonDocument.Parse(File.ReadAllText(statusPath));
            var state = status.RootElement.GetProperty("status").GetString();
            if (state is not ("finished" or "stopped_early")) continue;
            using var trial = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trial.json")));
            var label = trial.RootElement.GetProperty("config_label").GetString()!;
            double score;
            if (status.RootElement.TryGetProperty("final_evaluation", out var final)) score = final.GetProperty("mean").GetDouble();
            else score = double.Parse(File.ReadAllLines(Path.Combine(dir, "eval.csv"))[^1].Split(',')[4], CultureInfo.InvariantCulture);
            if (!scores.TryGetValue(label, out var list)) scores[label] = list = [];
            list.Add(score);
        }
        return scores;
    }

    /// <summary>The number of episodes (and the env steps) when the last 100 returns in metrics.csv first average ≥ threshold.</summary>
    private static (int Episodes, long Steps)? SolveFromFile(string metricsCsv, double threshold)
    {
        var rows = File.ReadAllLines(metricsCsv).Skip(1).Select(l => l.Split(',')).ToList();
        for (var end = 100; end <= rows.Count; end++)
        {
            var mean = rows.Skip(end - 100).Take(100).Sum(r => double.Parse(r[2], CultureInfo.InvariantCulture)) / 100;
            if (mean >= threshold) return (end, long.Parse(rows[end - 1][1], CultureInfo.InvariantCulture));
        }
        return null;
    }

    private static double HandIqm(List<double> values)
    {
        var sorted = values.Order().ToList();
        var cut = sorted.Count / 4;
        return sorted.Skip(cut).Take(sorted.Count - 2 * cut).Average();
    }

    [Fact]
    public void The_summary_numbers_equal_those_recomputed_from_the_files()
    {
        // Given two configs of five seeds each, written in the store's layout
        using var results = new TempResults().Sweep("batch-size", "Does a larger batch help?");
        double[] smallFinals = [500, 480, 120, 470, 500];
        double[] largeFinals = [300, 500, 210, 90, 260];
        for (var r = 0; r < 5; r++)
            results.Add(Learner("batch_size=64", r, 90 + 10 * r, smallFinals[r]), Learner("batch_size=512", r, 160 + 30 * r, largeFinals[r]));

        // When the report summarizes the folder
        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 2000);

        // Then every number equals the one recomputed straight from the files
        var expected = ScoresFromFiles(results.Root);
        Assert.Equal(2, summary.Configs.Count);
        foreach (var c in summary.Configs)
        {
            var scores = expected[c.Label];
            Assert.Equal(scores.Count, c.Seeds);
            Assert.Equal(scores.Average(), c.Mean, 9);
            Assert.Equal(HandIqm(scores), c.Iqm, 9);
            Assert.Equal(scores.Order().ElementAt(2), c.Median);
            Assert.Equal(scores.Min(), c.Min);
            Assert.Equal(scores.Max(), c.Max);
            Assert.True(c.IqmCi.Contains(c.Iqm), $"{c.Label}: {c.IqmCi} should contain {c.Iqm}");
            Assert.Equal(475.0, c.Threshold);
            Assert.Equal(scores.Count(s => s >= 475), c.Solved);
            Assert.Equal(scores.Count(s => s >= 475) / (double)scores.Count, c.SolvedShare, 12);

            var solves = c.Scored.Select(t => SolveFromFile(Path.Combine(t.Directory, "metrics.csv"), 475)).ToList();
            Assert.Equal(solves.Count(s => s is not null), c.Training.Reached);
            var episodes = solves.Select(s => s?.Episodes ?? int.MaxValue).Order().ToList();
            var steps = solves.Select(s => s?.Steps ?? long.MaxValue).Order().ToList();
            Assert.Equal(episodes[2] == int.MaxValue ? null : episodes[2], c.Training.MedianEpisodes);
            Assert.Equal(steps[2] == long.MaxValue ? null : steps[2], c.Training.MedianEnvSteps);
        }
        // and the fast learner with more solved seeds is first
        Assert.Equal("batch_size=64", summary.Configs[0].Label);
        Assert.True(summary.Configs[0].Training.Reached > 0, "the synthetic fast learners reach 475 in training");
    }

    [Fact]
    public void Episodes_to_solve_is_the_number_of_training_episodes_run_when_the_task_was_first_solved()
    {
        // Given seeds written by the Store's writer, which numbers episodes 0, 1, 2, ... as the trainer does:
        // 100 and 130 episodes of 500 (the window is first full, and solved, at the end of the 100th episode),
        // and 50 episodes of 10 then 150 of 500 (the window of the 145th is 5 × 10 + 95 × 500 = 47,550 ≥ 47,500;
        // that of the 144th, 6 × 10 + 94 × 500 = 47,060, is not)
        using var results = new TempResults().Add(
            new TrialSpec("x", 0) { Returns = [.. Enumerable.Repeat(500.0, 100)], FinalMean = 500 },
            new TrialSpec("x", 1) { Returns = [.. Enumerable.Repeat(10.0, 50), .. Enumerable.Repeat(500.0, 150)], FinalMean = 500 },
            new TrialSpec("x", 2) { Returns = [.. Enumerable.Repeat(500.0, 130)], FinalMean = 500 });
        Assert.StartsWith("0,500,", File.ReadAllLines(Path.Combine(results.Root, "x-r0", "metrics.csv"))[1]);

        var c = Assert.Single(Summarizer.Summarize(ResultsReader.Read(results.Root), 100).Configs);

        // Then each seed's episodes to solve is the count of episodes run by then, not the 0-based index of the last one
        Assert.Equal(new int?[] { 100, 145, 100 }, c.Scored.Select(t => SolveRule.FirstSolved(t.Episodes, 475)?.Episodes));
        Assert.Equal(new long?[] { 50_000, 48_000, 50_000 }, c.Scored.Select(t => SolveRule.FirstSolved(t.Episodes, 475)?.EnvSteps));
        Assert.Equal(100, c.Training.MedianEpisodes);
        Assert.Equal(50_000, c.Training.MedianEnvSteps);
        Assert.Equal(3, c.Training.Reached);
    }

    [Fact]
    public void Configs_are_sorted_by_iqm_best_first_and_configs_without_seeds_last()
    {
        using var results = new TempResults().Add(
            new TrialSpec("a", 0) { Returns = [10, 20], FinalMean = 100 },
            new TrialSpec("b", 0) { Returns = [10, 20], FinalMean = 300 },
            new TrialSpec("c", 0) { Returns = [10, 20], Status = TrialStatus.Failed, Reason = "diverged" },
            new TrialSpec("d", 0) { Returns = [10, 20], FinalMean = 200 });

        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 200);

        Assert.Equal(["b", "d", "a", "c"], summary.Configs.Select(c => c.Label));
    }

    [Fact]
    public void A_trial_without_a_final_evaluation_is_scored_by_its_last_eval_row()
    {
        using var results = new TempResults().Add(new TrialSpec("x", 0) { Returns = [10, 20, 30], Evaluations = [(1, 11), (3, 333.5)] });

        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 200);

        Assert.Equal([333.5], summary.Configs[0].Scores);
    }

    [Fact]
    public void Failed_trials_are_counted_with_their_reasons_and_left_out_of_the_statistics()
    {
        using var results = new TempResults().Add(
            new TrialSpec("x", 0) { Returns = [10, 20], FinalMean = 400 },
            new TrialSpec("x", 1) { Returns = [10, 20], FinalMean = 200 },
            new TrialSpec("x", 2) { Returns = [10, 20], Status = TrialStatus.Failed, Reason = "loss diverged to NaN at update 812", FinalMean = 9 });

        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 200);

        var c = Assert.Single(summary.Configs);
        Assert.Equal(2, c.Seeds);
        Assert.Equal(1, c.Failed);
        Assert.Equal(300, c.Mean);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal(TrialState.Failed, problem.State);
        Assert.Equal("loss diverged to NaN at update 812", problem.Reason);
    }

    [Fact]
    public void Trials_without_status_json_are_incomplete_and_listed_separately()
    {
        using var results = new TempResults().Add(
            new TrialSpec("x", 0) { Returns = [10, 20], FinalMean = 400 },
            new TrialSpec("x", 1) { Returns = [10, 20], Evaluations = [(2, 50)], Status = null });

        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 200);

        var c = Assert.Single(summary.Configs);
        Assert.Equal(1, c.Seeds);
        Assert.Equal(1, c.Unfinished);
        Assert.Equal(TrialState.Incomplete, Assert.Single(summary.Problems).State);
    }

    [Fact]
    public void A_folder_without_trial_json_is_listed_but_belongs_to_no_config()
    {
        using var results = new TempResults().Add(new TrialSpec("x", 0) { Returns = [10], FinalMean = 30 });
        var stray = (new TrialSpec("x", 1) { Returns = [10] }.Build() with { Outcome = null }).WriteInto(Path.Combine(results.Root, "stray"));
        File.Delete(Path.Combine(stray, "trial.json"));

        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 100);

        Assert.Equal(["x"], summary.Configs.Select(c => c.Label));
        var problem = Assert.Single(summary.Problems);
        Assert.Equal("stray", problem.TrialId);
        Assert.Contains("no trial.json", problem.Reason);
    }

    [Fact]
    public void A_half_written_last_metrics_row_is_ignored()
    {
        // the trainer was writing a fourth row when the folder was read
        using var results = new TempResults().Add(new TrialSpec("x", 0) { Returns = [10, 20, 30, 40], FinalMean = 30 });
        FileCuts.CutLastLineInHalf(Path.Combine(results.Root, "x-r0", "metrics.csv"));

        var trial = ResultsReader.ReadTrial(Path.Combine(results.Root, "x-r0"));

        Assert.Equal([10.0, 20, 30], trial.Episodes.Select(e => e.Return));
    }

    [Fact]
    public void An_unreadable_status_json_marks_the_trial_unreadable_instead_of_failing_the_report()
    {
        using var results = new TempResults().Add(new TrialSpec("x", 0) { Returns = [10], FinalMean = 30 });
        FileCuts.KeepHalf(Path.Combine(results.Root, "x-r0", "status.json"));

        var trial = ResultsReader.ReadTrial(Path.Combine(results.Root, "x-r0"));

        Assert.Equal(TrialState.Unreadable, trial.State);
        Assert.False(trial.IsScored);
    }

    [Fact]
    public void The_solved_share_uses_the_evaluation_cap_of_each_trial()
    {
        // Given evaluation capped at 200 steps on CartPole-v1: the bar scales to 475 × 200 / 500 = 190
        using var results = new TempResults().Add(
            new TrialSpec("x", 0) { Returns = [10], FinalMean = 195, EvalCap = 200 },
            new TrialSpec("x", 1) { Returns = [10], FinalMean = 185, EvalCap = 200 });

        var c = Summarizer.Summarize(ResultsReader.Read(results.Root), 200).Configs[0];

        Assert.Equal(190.0, c.Threshold);
        Assert.Equal(1, c.Solved);
    }

    [Fact]
    public void Summary_csv_holds_the_numbers_at_full_precision()
    {
        using var results = new TempResults().Add(
            new TrialSpec("lr=0.001, huber", 0) { Returns = [10], FinalMean = 1.0 / 3 },
            new TrialSpec("lr=0.001, huber", 1) { Returns = [10], FinalMean = 2.0 / 3 });
        var summary = Summarizer.Summarize(ResultsReader.Read(results.Root), 200);

        var lines = SummaryFiles.ToCsv(summary).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(',', SummaryFiles.CsvColumns), lines[0]);
        Assert.StartsWith("\"lr=0.001, huber\",CartPole-v1,2,0.5,0.5,", lines[1]);
    }
}
