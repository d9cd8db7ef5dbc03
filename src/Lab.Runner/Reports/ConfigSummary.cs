using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// One row of the summary table: a config (grid cell) across its seeds. "Score" is a seed's final
/// evaluation mean return. docs/REPORTS.md says what every number means.
/// </summary>
/// <param name="Label">The config label ("" for a single train).</param>
/// <param name="Env">The environment of the config's trials, when they name one.</param>
/// <param name="Trials">Every trial of the config, scored or not, ordered by replicate.</param>
/// <param name="Scored">The trials that count as seeds (<see cref="TrialResult.IsScored"/>).</param>
/// <param name="Scores">The seeds' scores, in the order of <paramref name="Scored"/>.</param>
/// <param name="IqmCi">95% stratified-bootstrap percentile interval of the IQM; NaN bounds with fewer than two seeds.</param>
/// <param name="Protocol">How the scores were measured: the final evaluation's episodes and cap.</param>
/// <param name="Threshold">The evaluation solve threshold (<see cref="SolveRule"/>); null when unknown.</param>
/// <param name="Solved">Seeds whose score (final evaluation) reached the threshold.</param>
/// <param name="SolvedCi">Exact (Clopper–Pearson) 95% interval of the share Solved / Seeds; NaN bounds without seeds or threshold.</param>
/// <param name="BestScores">Per scored seed, in the order of <paramref name="Scored"/>: the highest mean of any of its evaluations (eval.csv and the final one).</param>
/// <param name="BestSolved">Seeds whose best evaluation reached its threshold.</param>
/// <param name="Training">The training-return test, a different one from Solved (see <see cref="TrainingSolve"/>).</param>
/// <param name="Failed">Trials whose status is failed.</param>
/// <param name="Unfinished">Trials that are incomplete, interrupted, unreadable, or finished without an evaluation.</param>
internal sealed record ConfigSummary(
    string Label,
    string? Env,
    IReadOnlyList<TrialResult> Trials,
    IReadOnlyList<TrialResult> Scored,
    IReadOnlyList<double> Scores,
    double Mean,
    double Iqm,
    ConfidenceInterval IqmCi,
    double Median,
    double Min,
    double Max,
    ScoringProtocol Protocol,
    double? Threshold,
    int Solved,
    ConfidenceInterval SolvedCi,
    IReadOnlyList<double> BestScores,
    int BestSolved,
    TrainingSolve Training,
    int Failed,
    int Unfinished)
{
    /// <summary>Seeds in the statistics.</summary>
    public int Seeds => Scores.Count;

    /// <summary>Solved / Seeds; NaN with no seeds or no threshold.</summary>
    public double SolvedShare => Seeds > 0 && Threshold is not null ? (double)Solved / Seeds : double.NaN;

    /// <summary>The IQM of <see cref="BestScores"/>.</summary>
    public double BestIqm => Statistics.Iqm(BestScores);

    /// <summary>
    /// Per scored seed that kept a best checkpoint (evaluation.keep_best), in the order of <see cref="Scored"/>:
    /// the mean of that checkpoint's final evaluation (the same protocol and start states as the score's).
    /// </summary>
    public IReadOnlyList<double> CheckpointScores { get; init; } = [];

    /// <summary>Seeds whose best checkpoint's final evaluation reached its threshold.</summary>
    public int CheckpointSolved { get; init; }

    /// <summary>Clopper–Pearson 95% interval of CheckpointSolved / CheckpointScores.Count; NaN bounds without any.</summary>
    public ConfidenceInterval CheckpointSolvedCi { get; init; } = new(double.NaN, double.NaN);

    /// <summary>Whether any seed kept a best checkpoint.</summary>
    public bool HasBestCheckpoints => CheckpointScores.Count > 0;

    /// <summary>The mean of <see cref="CheckpointScores"/>; NaN without checkpoints.</summary>
    public double CheckpointMean => HasBestCheckpoints ? Statistics.Mean(CheckpointScores) : double.NaN;

    /// <summary>CheckpointSolved / CheckpointScores.Count; NaN without checkpoints or threshold.</summary>
    public double CheckpointSolvedShare => HasBestCheckpoints && Threshold is not null ? (double)CheckpointSolved / CheckpointScores.Count : double.NaN;

    /// <summary>Whether any seed evaluated during training (so a best evaluation can differ from the final one).</summary>
    public bool HasPeriodicEvaluations => Scored.Any(t => t.Evaluations.Count > 0);
}
