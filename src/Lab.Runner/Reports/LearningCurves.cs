using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// Curves across seeds on a common x axis of env steps. Each seed's curve is a step function:
/// at env step x it holds the value of the last episode (or evaluation) that ended at or before x,
/// and after the seed's last point it keeps that value (last value carried forward) up to the end
/// of the config's longest seed. Before a seed's first point it has no value and is left out. At
/// each of <see cref="GridPoints"/> + 1 evenly spaced x values from 0 to the longest run of the
/// whole report, the curve is the mean over the seeds that have a value, with a two-sided 95%
/// Student-t interval (mean ± t · s / √n; no band for one seed). Where the env's returns are known
/// to lie in [0, cap] (CartPole: one point per step), the interval is clipped to that range, since a
/// symmetric interval can otherwise poke past what any run could score.
/// </summary>
internal static class LearningCurves
{
    /// <summary>Intervals of the common grid (so GridPoints + 1 x values).</summary>
    public const int GridPoints = 100;

    /// <summary>Training episodes in the trailing rolling mean of the training-return curve.</summary>
    public const int SmoothingWindow = 10;

    /// <summary>The env-step grid from 0 to the furthest env step of any scored seed; empty if there is none.</summary>
    public static double[] Grid(ReportSummary summary)
    {
        var end = 0.0;
        foreach (var t in summary.Configs.SelectMany(c => c.Scored))
        {
            if (t.Episodes.Count > 0) end = Math.Max(end, t.Episodes[^1].EnvSteps);
            foreach (var e in EvaluationSeries(t)) end = Math.Max(end, e.X);
        }
        if (end <= 0) return [];
        return [.. Enumerable.Range(0, GridPoints + 1).Select(k => end * k / GridPoints)];
    }

    /// <summary>Training return, rolling mean over <see cref="SmoothingWindow"/> episodes, per scored seed of each config.</summary>
    public static IReadOnlyList<ConfigCurve> Training(ReportSummary summary, double[] grid) =>
        [.. summary.Configs.Select(c => new ConfigCurve(c.Label,
            Aggregate(c.Scored.Select(TrainingSeries).ToList(), grid, Bounds(c.Scored, TrainingCap))))];

    /// <summary>Evaluation mean return per scored seed of each config (eval.csv, then the final evaluation if later).</summary>
    public static IReadOnlyList<ConfigCurve> Evaluation(ReportSummary summary, double[] grid) =>
        [.. summary.Configs.Select(c => new ConfigCurve(c.Label,
            Aggregate(c.Scored.Select(EvaluationSeries).ToList(), grid, Bounds(c.Scored, EvaluationCap))))];

    /// <summary>[0, largest cap of the seeds] when every seed's env has a known preset, else unbounded.</summary>
    private static (double Low, double High) Bounds(IReadOnlyList<TrialResult> trials, Func<TrialResult, int?> cap)
    {
        var caps = trials.Select(t => SolveRule.Preset(t.Env) is null ? null : cap(t)).ToList();
        return caps.Count > 0 && caps.All(c => c is > 0) ? (0, caps.Max()!.Value) : (double.NegativeInfinity, double.PositiveInfinity);
    }

    private static int? TrainingCap(TrialResult t) =>
        t.Params.TryGetValue("max_steps", out var s) && int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap > 0
            ? cap : SolveRule.Preset(t.Env)?.Cap;

    private static int? EvaluationCap(TrialResult t)
    {
        var caps = t.Evaluations.Select(e => e.MaxSteps).Append(t.FinalEvaluation?.MaxSteps ?? 0).Where(c => c > 0).ToList();
        return caps.Count > 0 ? caps.Max() : SolveRule.Preset(t.Env)?.Cap;
    }

    /// <summary>A seed's smoothed training return against env steps.</summary>
    public static IReadOnlyList<(double X, double Y)> TrainingSeries(TrialResult trial) =>
        MetricSeries(trial, e => e.Return, SmoothingWindow);

    /// <summary>
    /// A seed's per-episode figure (td_loss, mean_max_q, epsilon, ...) against env steps, episodes whose figure
    /// is not finite (no update yet: td_loss is NaN) left out, smoothed by a trailing mean over
    /// <paramref name="window"/> of the episodes kept, then passed through <paramref name="transform"/> (a log
    /// axis), dropping what it makes non-finite.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> MetricSeries(TrialResult trial, Func<EpisodeRecord, double> metric, int window,
        Func<double, double>? transform = null)
    {
        var kept = trial.Episodes.Where(e => double.IsFinite(metric(e))).ToList();
        var smoothed = Statistics.RollingMean(kept.Select(metric).ToList(), window);
        return [.. kept.Select((e, i) => ((double)e.EnvSteps, transform is null ? smoothed[i] : transform(smoothed[i]))).Where(p => double.IsFinite(p.Item2))];
    }

    /// <summary>A per-episode figure per scored seed of each config, aggregated across seeds on <paramref name="grid"/> (no clipping).</summary>
    public static IReadOnlyList<ConfigCurve> Metric(ReportSummary summary, double[] grid, Func<TrialResult, IReadOnlyList<(double X, double Y)>> series) =>
        [.. summary.Configs.Select(c => new ConfigCurve(c.Label, Aggregate(c.Scored.Select(series).ToList(), grid)))];

    /// <summary>At most <paramref name="points"/> points of a series, evenly spaced by index, the first and last kept (for drawing).</summary>
    public static IReadOnlyList<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> series, int points)
    {
        if (series.Count <= points || points < 2) return series;
        return [.. Enumerable.Range(0, points).Select(k => series[(int)Math.Round((double)k * (series.Count - 1) / (points - 1))])];
    }

    /// <summary>A seed's evaluation means against env steps.</summary>
    public static IReadOnlyList<(double X, double Y)> EvaluationSeries(TrialResult trial)
    {
        var points = trial.Evaluations.Select(e => ((double)e.EnvSteps, e.Mean)).ToList();
        if (trial.FinalEvaluation is { } f && (points.Count == 0 || f.EnvSteps > points[^1].Item1))
            points.Add((f.EnvSteps, f.Mean));
        return points;
    }

    /// <summary>Step-interpolates each seed's series onto <paramref name="grid"/> and aggregates across seeds (see the class summary).</summary>
    public static IReadOnlyList<CurvePoint> Aggregate(IReadOnlyList<IReadOnlyList<(double X, double Y)>> seeds, double[] grid) =>
        Aggregate(seeds, grid, (double.NegativeInfinity, double.PositiveInfinity));

    /// <summary>As <see cref="Aggregate(IReadOnlyList{IReadOnlyList{ValueTuple{double, double}}}, double[])"/>, with each interval clipped to <paramref name="bounds"/>.</summary>
    public static IReadOnlyList<CurvePoint> Aggregate(IReadOnlyList<IReadOnlyList<(double X, double Y)>> seeds, double[] grid, (double Low, double High) bounds)
    {
        var live = seeds.Where(s => s.Count > 0).ToList();
        if (live.Count == 0) return [];
        var end = live.Max(s => s[^1].X);
        var cursors = new int[live.Count];
        var points = new List<CurvePoint>();
        var values = new List<double>(live.Count);
        var xs = grid.Where(x => x <= end).ToList();
        if (xs.Count == 0 || xs[^1] < end) xs.Add(end);
        foreach (var x in xs)
        {
            values.Clear();
            for (var s = 0; s < live.Count; s++)
            {
                var series = live[s];
                while (cursors[s] < series.Count && series[cursors[s]].X <= x) cursors[s]++;
                if (cursors[s] > 0) values.Add(series[cursors[s] - 1].Y);
            }
            if (values.Count == 0) continue;
            var ci = Statistics.MeanCi95(values);
            points.Add(new CurvePoint(x, Statistics.Mean(values), Math.Max(ci.Low, bounds.Low), Math.Min(ci.High, bounds.High), values.Count));
        }
        return points;
    }
}
