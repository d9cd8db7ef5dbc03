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
/// <param name="Threshold">The evaluation solve threshold (<see cref="SolveRule"/>); null when unknown.</param>
/// <param name="Solved">Seeds whose score reached the threshold.</param>
/// <param name="ReachedSolve">Seeds whose 100-episode training mean ever reached the training threshold.</param>
/// <param name="EpisodesToSolve">Median over all seeds of the number of training episodes run when the task was first solved (<see cref="SolvePoint.Episodes"/>, 1-based), a seed that never solved counting as +∞; null when that median is +∞ or there is no threshold.</param>
/// <param name="EnvStepsToSolve">The same for env steps.</param>
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
    double? Threshold,
    int Solved,
    int ReachedSolve,
    double? EpisodesToSolve,
    double? EnvStepsToSolve,
    int Failed,
    int Unfinished)
{
    /// <summary>Seeds in the statistics.</summary>
    public int Seeds => Scores.Count;

    /// <summary>Solved / Seeds; NaN with no seeds or no threshold.</summary>
    public double SolvedShare => Seeds > 0 && Threshold is not null ? (double)Solved / Seeds : double.NaN;
}
