using System.Globalization;
using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>How numbers look in the terminal, Markdown and HTML tables (CSV keeps full precision instead).</summary>
internal static class Format
{
    public const string None = "—";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Label(string label) => label.Length == 0 ? "(single config)" : label;

    public static string Score(double value) => double.IsNaN(value) ? None : value.ToString("0.0", Inv);

    public static string Ci(ConfidenceInterval ci) =>
        double.IsNaN(ci.Low) ? None : $"[{Score(ci.Low)}, {Score(ci.High)}]";

    /// <summary>"8/10 = 80% [44–97%]": solved seeds, their share and its exact 95% interval.</summary>
    public static string Solved(ConfigSummary c) =>
        c.Seeds == 0 || c.Threshold is null ? None : $"{c.Solved}/{c.Seeds} = {Percent(c.SolvedShare)} {PercentCi(c.SolvedCi)}";

    /// <summary>"8/10 [44–97%]", for the terminal.</summary>
    public static string SolvedShort(ConfigSummary c) =>
        c.Seeds == 0 || c.Threshold is null ? None : $"{c.Solved}/{c.Seeds} {PercentCi(c.SolvedCi)}";

    /// <summary>As <see cref="Solved"/> for the seeds whose best evaluation reached the threshold (no interval: the best of several evaluations is not a fair draw).</summary>
    public static string BestSolved(ConfigSummary c) =>
        c.Seeds == 0 || c.Threshold is null ? None : $"{c.BestSolved}/{c.Seeds}";

    /// <summary>"9/10 = 90% [55–100%]": seeds whose best checkpoint's final evaluation reached the threshold, of the seeds that kept one.</summary>
    public static string CheckpointSolved(ConfigSummary c) =>
        !c.HasBestCheckpoints || c.Threshold is null ? None
            : $"{c.CheckpointSolved}/{c.CheckpointScores.Count} = {Percent(c.CheckpointSolvedShare)} {PercentCi(c.CheckpointSolvedCi)}";

    /// <summary>"9/10 [55–100%]", for the terminal.</summary>
    public static string CheckpointSolvedShort(ConfigSummary c) =>
        !c.HasBestCheckpoints || c.Threshold is null ? None : $"{c.CheckpointSolved}/{c.CheckpointScores.Count} {PercentCi(c.CheckpointSolvedCi)}";

    /// <summary>"[44–97%]"; "—" without an interval.</summary>
    public static string PercentCi(ConfidenceInterval ci) =>
        double.IsNaN(ci.Low) ? None : $"[{(ci.Low * 100).ToString("0", Inv)}–{Percent(ci.High)}]";

    public static string Percent(double share) => double.IsNaN(share) ? None : (share * 100).ToString("0", Inv) + "%";

    /// <summary>A probability with its interval: "0.82 [0.61, 0.97]".</summary>
    public static string Probability(Comparison c) =>
        double.IsNaN(c.Ci.Low)
            ? c.Probability.ToString("0.00", Inv)
            : $"{c.Probability.ToString("0.00", Inv)} [{c.Ci.Low.ToString("0.00", Inv)}, {c.Ci.High.ToString("0.00", Inv)}]";

    public static string Count(double? value) => value is double v ? v.ToString("#,0.#", Inv) : None;

    /// <summary>"6/10": seeds whose training mean reached the training threshold.</summary>
    public static string Reached(ConfigSummary c) =>
        c.Seeds == 0 || c.Training.Threshold is null ? None : $"{c.Training.Reached}/{c.Seeds}";

    public static string Threshold(double? threshold) => threshold is double t ? t.ToString("0.#", Inv) : None;

    /// <summary>Axis tick labels: 1,500 → "1.5k", 2,000,000 → "2M".</summary>
    public static string Tick(double value)
    {
        var a = Math.Abs(value);
        if (a >= 1e6) return (value / 1e6).ToString("0.##", Inv) + "M";
        if (a >= 1e4) return (value / 1e3).ToString("0.##", Inv) + "k";
        return value.ToString("0.##", Inv);
    }

    /// <summary>Full precision, invariant, for CSV: "R" round-trip doubles, empty for missing.</summary>
    public static string Raw(double value) => double.IsNaN(value) ? "" : value.ToString("R", Inv);

    public static string Raw(double? value) => value is double v ? Raw(v) : "";

    public static string Status(TrialState state) => state switch
    {
        TrialState.Finished => "finished",
        TrialState.StoppedEarly => "stopped_early",
        TrialState.Failed => "failed",
        TrialState.Interrupted => "interrupted",
        TrialState.Incomplete => "incomplete",
        _ => "unreadable",
    };

    /// <summary>Why a trial is not among the scored seeds.</summary>
    public static string Problem(TrialResult t) => t.State switch
    {
        TrialState.Finished or TrialState.StoppedEarly when t.Score is double s && !double.IsFinite(s) => $"its final evaluation mean is {s.ToString(Inv)}",
        TrialState.Finished or TrialState.StoppedEarly => "no evaluation to score it by" + (t.Reason is null ? "" : $" ({t.Reason})"),
        TrialState.Incomplete => "no status.json: still running, or stopped before it finished",
        _ => t.Reason ?? "(no reason given)",
    };
}
