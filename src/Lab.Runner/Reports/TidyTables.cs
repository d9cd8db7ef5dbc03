using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// episodes.csv and evaluations.csv: every episode (and every evaluation) of every trial of the report, one
/// row each, in long ("tidy") form with the trial's identity and every hyperparameter as columns, ready for
/// <c>pandas.read_csv</c> or R's <c>read.csv</c> without joins. A hyperparameter that is null is an empty
/// field (NA); a parameter whose name is taken by a fixed column is prefixed "param.".
/// </summary>
internal static class TidyTables
{
    private static readonly string[] Identity = ["trial_id", "config", "replicate", "seed", "status", "scored"];

    private static readonly string[] EpisodeColumns =
        ["episode", "env_steps", "return", "shaped_return", "length", "terminated", "epsilon", "td_loss", "taken_q", "mean_max_q", "updates"];

    private static readonly string[] EvaluationColumns =
        ["final", "episode", "env_steps", "episodes", "max_steps", "mean", "std", "min", "max", "median", "cap_share"];

    /// <summary>Every trial with a known config, in table order then by replicate, and each of its metrics.csv rows.</summary>
    public static void Episodes(ReportSummary summary, TextWriter output) =>
        Table(summary, output, EpisodeColumns, t => t.Episodes.Select(e => new[]
        {
            I(e.Episode), L(e.EnvSteps), F(e.Return), F(e.ShapedReturn), I(e.Length), e.Terminated ? "1" : "0",
            F(e.Epsilon), F(e.TdLoss), F(e.TakenQ), F(e.MeanMaxQ), L(e.Updates),
        }));

    /// <summary>Every eval.csv row of every trial, then its final evaluation (final = 1).</summary>
    public static void Evaluations(ReportSummary summary, TextWriter output) =>
        Table(summary, output, EvaluationColumns, t => t.Evaluations.Select(e => (Final: false, E: e))
            .Concat(t.FinalEvaluation is { } f ? [(true, f)] : [])
            .Select(x => new[]
            {
                x.Final ? "1" : "0", I(x.E.Episode), L(x.E.EnvSteps), I(x.E.Episodes), I(x.E.MaxSteps), F(x.E.Mean), F(x.E.Std),
                F(x.E.Min), F(x.E.Max), F(x.E.Median), F(x.E.CapShare),
            }));

    private static void Table(ReportSummary summary, TextWriter output, string[] columns, Func<TrialResult, IEnumerable<string[]>> rows)
    {
        var trials = summary.Configs.SelectMany(c => c.Trials).ToList();
        var taken = Identity.Concat(columns).ToHashSet(StringComparer.Ordinal);
        // the seed is a column of its own already
        var keys = trials.SelectMany(t => t.Params.Keys).Where(k => k != "seed").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        output.Write(string.Join(',', Identity.Concat(keys.Select(k => Csv.Quote(taken.Contains(k) ? "param." + k : k))).Concat(columns)));
        output.Write('\n');
        foreach (var t in trials)
        {
            var prefix = string.Join(',', new[]
                {
                    Csv.Quote(t.TrialId), Csv.Quote(t.ConfigLabel), I(t.Replicate), t.Seed.ToString(CultureInfo.InvariantCulture),
                    Format.Status(t.State), t.IsScored ? "1" : "0",
                }
                .Concat(keys.Select(k => t.Params.TryGetValue(k, out var v) && v != "null" ? Csv.Quote(v) : "")));
            foreach (var row in rows(t))
            {
                output.Write(prefix);
                output.Write(',');
                output.Write(string.Join(',', row));
                output.Write('\n');
            }
        }
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Round-trip precision; an empty field for NaN (no update yet), which pandas and R read as missing.</summary>
    private static string F(double value) => Format.Raw(value);
}
