using System.Globalization;
using Lab.Core;
using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>Turns a results folder into per-config statistics across seeds. Pure: the same folder gives the same summary.</summary>
internal static class Summarizer
{
    /// <summary>Bootstrap resamples per interval: rliable's default (<c>get_interval_estimates(reps=50000)</c>).</summary>
    public const int DefaultResamples = 50_000;

    /// <summary>The root seed of the bootstrap; each config (and each pair of configs) draws from its own named stream of it, so its interval does not depend on which other configs are present.</summary>
    public const ulong BootstrapSeed = 20210826;

    /// <summary>Up to this many configs every pair is compared; above it, only the top row against each other (the number of pairs grows with the square).</summary>
    public const int MaxPairwiseConfigs = 12;

    public static ReportSummary Summarize(ResultsFolder folder, int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var configs = folder.Trials
            .Where(t => t.Identified)
            .GroupBy(t => t.ConfigLabel, StringComparer.Ordinal)
            .Select(g => SummarizeConfig(g.Key, [.. g.OrderBy(t => t.Replicate).ThenBy(t => t.TrialId, StringComparer.Ordinal)], resamples))
            .OrderBy(c => double.IsNaN(c.Iqm) ? 1 : 0)
            .ThenByDescending(c => double.IsNaN(c.Iqm) ? 0 : c.Iqm)
            // CartPole's cap makes IQM ties common (500.0 for both): the mean, then the label, breaks them
            .ThenByDescending(c => double.IsNaN(c.Mean) ? 0 : c.Mean)
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
        var problems = configs.SelectMany(c => c.Trials.Where(t => !t.IsScored))
            .Concat(folder.Trials.Where(t => !t.Identified))
            .ToList();
        var (leader, note) = Leader(configs);
        return new ReportSummary(folder, configs, problems, resamples, Compare(configs, resamples), leader, note);
    }

    public static ConfigSummary SummarizeConfig(string label, IReadOnlyList<TrialResult> trials, int resamples = DefaultResamples)
    {
        var scored = trials.Where(t => t.IsScored).ToList();
        var scores = scored.Select(t => t.Score!.Value).ToList();
        var env = trials.Select(t => t.Env).FirstOrDefault(e => e is not null);
        // one seed says nothing about spread: no interval rather than a zero-width one
        var ci = scores.Count >= 2
            ? Statistics.BootstrapCi(scores, Statistics.Iqm, resamples, 0.95, StreamSeed("iqm-ci/" + label))
            : new ConfidenceInterval(double.NaN, double.NaN);

        double? threshold = scored.Select(SolveRule.EvaluationThreshold).FirstOrDefault(t => t is not null)
                            ?? SolveRule.Threshold(env, null);
        var solved = scored.Count(t => SolveRule.Solved(t) == true);
        var solvedCi = threshold is null || scores.Count == 0
            ? new ConfidenceInterval(double.NaN, double.NaN)
            : Binomial.ClopperPearson(solved, scores.Count);

        var best = scored.Select(BestEvaluation).ToList();
        var bestSolved = best.Count(e => SolveRule.Threshold(env, e.MaxSteps) is double th && e.Mean >= th);

        var checkpoints = scored.Select(t => t.Outcome?.Best?.Evaluation).OfType<EvaluationRecord>().ToList();
        var checkpointSolved = checkpoints.Count(e => SolveRule.Threshold(env, e.MaxSteps) is double th && e.Mean >= th);

        return new ConfigSummary(
            label, env, trials, scored, scores,
            Statistics.Mean(scores),
            Statistics.Iqm(scores),
            ci,
            Statistics.Median(scores),
            scores.Count > 0 ? scores.Min() : double.NaN,
            scores.Count > 0 ? scores.Max() : double.NaN,
            Protocol(scored),
            threshold,
            solved,
            solvedCi,
            [.. best.Select(e => e.Mean)],
            bestSolved,
            Training(scored),
            trials.Count(t => t.State == TrialState.Failed),
            trials.Count(t => !t.IsScored && t.State != TrialState.Failed))
        {
            CheckpointScores = [.. checkpoints.Select(e => e.Mean)],
            CheckpointSolved = checkpointSolved,
            CheckpointSolvedCi = threshold is null || checkpoints.Count == 0
                ? new ConfidenceInterval(double.NaN, double.NaN)
                : Binomial.ClopperPearson(checkpointSolved, checkpoints.Count),
        };
    }

    /// <summary>The evaluation of the highest mean among a scored trial's eval.csv rows and its final evaluation (the first one on a tie).</summary>
    public static EvaluationRecord BestEvaluation(TrialResult trial)
    {
        var best = trial.ScoringEvaluation!;
        foreach (var e in trial.Evaluations)
            if (double.IsFinite(e.Mean) && e.Mean > best.Mean) best = e;
        return best;
    }

    private static ScoringProtocol Protocol(IReadOnlyList<TrialResult> scored)
    {
        var evaluations = scored.Select(t => t.ScoringEvaluation!).ToList();
        return new ScoringProtocol(
            [.. evaluations.Select(e => e.Episodes).Where(n => n > 0).Distinct().Order()],
            [.. evaluations.Select(e => e.MaxSteps).Where(n => n > 0).Distinct().Order()]);
    }

    private static TrainingSolve Training(IReadOnlyList<TrialResult> scored)
    {
        var episodes = new List<double?>();
        var steps = new List<double?>();
        double? threshold = null;
        foreach (var t in scored)
        {
            var trainThreshold = SolveRule.TrainingThreshold(t);
            threshold ??= trainThreshold;
            var first = trainThreshold is double th ? SolveRule.FirstSolved(t.Episodes, th) : null;
            episodes.Add(first?.Episodes);
            steps.Add(first?.EnvSteps);
        }
        return threshold is null
            ? TrainingSolve.None
            : new TrainingSolve(threshold, episodes.Count(e => e is not null), Statistics.CensoredMedian(episodes), Statistics.CensoredMedian(steps));
    }

    /// <summary>
    /// The top row is marked best only when its IQM interval lies wholly above the interval of every other
    /// config with seeds; otherwise the seeds do not separate it from the runner-up, and no row is marked.
    /// </summary>
    private static (string? Leader, string Note) Leader(IReadOnlyList<ConfigSummary> configs)
    {
        var seeded = configs.Where(c => c.Seeds > 0).ToList();
        if (seeded.Count < 2) return (null, seeded.Count == 1 ? "One config: no other to compare it with." : "No scored seeds.");
        var top = seeded[0];
        var name = Format.Label(top.Label);
        if (double.IsNaN(top.IqmCi.Low))
            return (null, $"No config is marked best: {name}, the highest IQM, has one seed, so its IQM has no interval.");
        var overlapping = seeded.Skip(1).Where(c => double.IsNaN(c.IqmCi.High) || c.IqmCi.High >= top.IqmCi.Low).ToList();
        if (overlapping.Count == 0)
            return (top.Label, $"{name} is marked best: its IQM 95% interval {Format.Ci(top.IqmCi)} lies above that of every other config.");
        var listed = string.Join(", ", overlapping.Take(3).Select(c => $"{Format.Label(c.Label)} {Format.Ci(c.IqmCi)}"))
                     + (overlapping.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" and {overlapping.Count - 3} more") : "");
        return (null, $"No config is marked best: the interval of the highest IQM, {name} {Format.Ci(top.IqmCi)}, overlaps {listed}. More seeds may separate them.");
    }

    /// <summary>
    /// rliable's probability of improvement for every ordered pair of configs with seeds (only the top row
    /// against each other beyond <see cref="MaxPairwiseConfigs"/> configs). Runs are paired by seed: when two
    /// configs share at least two seeds, the shared seeds are compared and resampled together; otherwise
    /// every seed of each, resampled independently, as rliable does for this metric.
    /// </summary>
    public static IReadOnlyList<Comparison> Compare(IReadOnlyList<ConfigSummary> configs, int resamples)
    {
        var seeded = configs.Where(c => c.Seeds > 0).ToList();
        var comparisons = new List<Comparison>();
        for (var i = 0; i < seeded.Count; i++)
            for (var j = i + 1; j < seeded.Count; j++)
            {
                if (seeded.Count > MaxPairwiseConfigs && i > 0) continue;
                var c = Compare(seeded[i], seeded[j], resamples);
                comparisons.Add(c);
                comparisons.Add(c.Reversed());
            }
        return comparisons;
    }

    private static Comparison Compare(ConfigSummary x, ConfigSummary y, int resamples)
    {
        var xBySeed = BySeed(x);
        var yBySeed = BySeed(y);
        var shared = xBySeed.Keys.Where(yBySeed.ContainsKey).Order().ToList();
        var seed = StreamSeed("poi/" + x.Label + "\n" + y.Label);
        if (shared.Count >= 2)
        {
            var xs = shared.Select(s => xBySeed[s]).ToList();
            var ys = shared.Select(s => yBySeed[s]).ToList();
            return new Comparison(x.Label, y.Label, Improvement.Probability(xs, ys),
                Statistics.PercentileInterval(Improvement.PairedDistribution(xs, ys, resamples, seed), 0.95), true, shared.Count);
        }
        var runs = Math.Min(x.Seeds, y.Seeds);
        var ci = runs >= 2
            ? Statistics.PercentileInterval(Improvement.IndependentDistribution(x.Scores, y.Scores, resamples, seed), 0.95)
            : new ConfidenceInterval(double.NaN, double.NaN);
        return new Comparison(x.Label, y.Label, Improvement.Probability(x.Scores, y.Scores), ci, false, runs);
    }

    /// <summary>Score by trial seed (the first trial of a seed when a folder holds two runs of it).</summary>
    private static Dictionary<long, double> BySeed(ConfigSummary c)
    {
        var bySeed = new Dictionary<long, double>();
        for (var i = 0; i < c.Scored.Count; i++) bySeed.TryAdd(c.Scored[i].Seed, c.Scores[i]);
        return bySeed;
    }

    private static ulong StreamSeed(string name) => RngModule.NextUInt64(RngModule.ForStream(BootstrapSeed, name)).Item1;
}
