using System.Globalization;

namespace Lab.Runner.Reports;

/// <summary>
/// The columns of the summary table, one list for the terminal, summary.md and report.html, so the three
/// say the same thing. "Solved" (the final greedy evaluation) and the training columns (the trailing mean of
/// ε-greedy training returns) are different tests, and their headings say which is which.
/// </summary>
internal static class SummaryColumns
{
    public static IReadOnlyList<SummaryColumn> For(ReportSummary summary)
    {
        var evalThreshold = Common(summary.Configs.Select(c => c.Threshold));
        var trainThreshold = Common(summary.Configs.Select(c => c.Training.Threshold));
        var t = trainThreshold is double tt ? Format.Threshold(tt) : "T";
        var e = evalThreshold is double et ? Format.Threshold(et) : "T";
        var score = $"score = final greedy evaluation ({ScoringProtocol.Checkpoint} checkpoint)";
        var best = "best eval (biased ↑)";
        var training = $"training: mean of last {SolveRule.Window} returns ≥ {t}";
        var columns = new List<SummaryColumn>
        {
            new("seeds", "seeds", "seeds in the statistics (finished or stopped early, with an evaluation)", c => N(c.Seeds), 0),
            new("mean", "mean", "mean of the seeds' scores (score = final greedy evaluation mean return)", c => Format.Score(c.Mean), 4, score, "mean"),
            new("IQM", "IQM", "interquartile mean of the scores: floor(n/4) cut from each end (scipy trim_mean 0.25, as rliable)", c => Format.Score(c.Iqm), 0, score, "IQM"),
            new("IQM 95% CI", "95% CI", "percentile bootstrap of the IQM over seeds", c => Format.Ci(c.IqmCi), 0, score, "IQM 95% CI"),
            new("median", "median", "median score", c => Format.Score(c.Median), 3, score, "median"),
            new("min", "min", "lowest score", c => Format.Score(c.Min), 2, score, "min"),
            new("max", "max", "highest score", c => Format.Score(c.Max), 1, score, "max"),
            new($"solved: final eval ≥ {e} [95% CI]", "solved [95% CI]",
                $"seeds whose final greedy evaluation (the network at the end of training) averaged ≥ {e}; share with its exact Clopper–Pearson 95% interval",
                Format.Solved, 0, score, $"solved (≥ {e}) [95% CI]", Format.SolvedShort),
        };
        if (summary.Configs.Any(c => c.HasPeriodicEvaluations))
        {
            columns.Add(new("IQM of best eval", "best-eval IQM",
                "IQM over seeds of each seed's best evaluation during training or at the end (what keeping the best checkpoint would have scored on those same episodes: biased upward)",
                c => Format.Score(c.BestIqm), 5, best, "IQM"));
            columns.Add(new($"best eval ≥ {e}", "best ≥ " + e, "seeds whose best evaluation reached the threshold", Format.BestSolved, 6, best, $"≥ {e}"));
        }
        if (summary.Configs.Any(c => c.HasBestCheckpoints))
        {
            const string checkpoint = "best checkpoint (best.dqn, biased ↑)";
            columns.Add(new("best checkpoint mean", "best-ckpt mean",
                "mean over seeds of the final evaluation of each seed's best checkpoint (evaluation.keep_best: the network of its best periodic evaluation), on the same start states as the score",
                c => c.HasBestCheckpoints ? Format.Score(c.CheckpointMean) : Format.None, 5, checkpoint, "mean"));
            columns.Add(new($"best checkpoint ≥ {e} [95% CI]", "best-ckpt solved",
                $"seeds whose best checkpoint's final evaluation averaged ≥ {e}, of the seeds that kept one; share with its exact Clopper–Pearson 95% interval",
                Format.CheckpointSolved, 6, checkpoint, $"solved (≥ {e}) [95% CI]", Format.CheckpointSolvedShort));
        }
        columns.Add(new($"train mean ≥ {t}: seeds", $"train≥{t}",
            $"seeds whose mean of the last {SolveRule.Window} ε-greedy training returns ever reached {t}: a different test from solved", Format.Reached, 9, training, "seeds"));
        columns.Add(new($"train mean ≥ {t}: median episodes", "…episodes",
            "median over all seeds of the number of training episodes run when that mean first reached the threshold (a count from 1, at least 100; never counts as +∞)",
            c => c.Seeds == 0 ? Format.None : Format.Count(c.Training.MedianEpisodes), 8, training, "median episodes"));
        columns.Add(new($"train mean ≥ {t}: median env steps", "…env steps", "the same in env steps",
            c => c.Seeds == 0 ? Format.None : Format.Count(c.Training.MedianEnvSteps), 7, training, "median env steps"));
        columns.Add(new("failed", "failed", "trials that failed (listed below)", c => N(c.Failed), 10));
        return columns;
    }

    /// <summary>The value when every config that has one has the same; null otherwise.</summary>
    private static double? Common(IEnumerable<double?> values)
    {
        var distinct = values.Where(v => v is not null).Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
