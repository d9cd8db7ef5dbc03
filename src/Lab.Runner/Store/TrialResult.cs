using Lab.Agent;




namespace Lab.Runner.Store;

/// <summary>Everything the report reads from one trial folder.</summary>
/// <param name="Directory">The trial folder.</param>
/// <param name="TrialId">trial.json's trial_id, else the folder name.</param>
/// <param name="ConfigLabel">trial.json's config_label: the grid cell without the seed ("" for a single train).</param>
/// <param name="Params">Every resolved hyperparameter under its dotted name, as invariant strings.</param>
/// <param name="State">How the trial ended (Incomplete when status.json is missing).</param>
/// <param name="Reason">status.json's reason, or why the folder could not be read.</param>
/// <param name="Episodes">metrics.csv, in file order.</param>
/// <param name="Evaluations">eval.csv, in file order.</param>
/// <param name="FinalEvaluation">status.json's final_evaluation, when present.</param>
public sealed record TrialResult(
    string Directory,
    string TrialId,
    string Experiment,
    string ConfigLabel,
    int Replicate,
    long Seed,
    IReadOnlyDictionary<string, string> Params,
    TrialState State,
    string? Reason,
    IReadOnlyList<EpisodeRow> Episodes,
    IReadOnlyList<EvaluationRecord> Evaluations,
    EvaluationRecord? FinalEvaluation)
{
    /// <summary>
    /// Whether trial.json was read, so the trial's config is known. A folder without it is listed
    /// among the unfinished trials but belongs to no config.
    /// </summary>
    public bool Identified { get; init; } = true;

    /// <summary>The evaluation the trial is scored by: the final evaluation, else the last eval.csv row.</summary>
    public EvaluationRecord? ScoringEvaluation => FinalEvaluation ?? (Evaluations.Count > 0 ? Evaluations[^1] : null);

    /// <summary>The trial's score: the mean return of its scoring evaluation.</summary>
    public double? Score => ScoringEvaluation?.Mean;

    /// <summary>
    /// Whether the trial counts as a seed in the statistics: it finished or stopped early, and has an
    /// evaluation to score it by. Failed, interrupted, incomplete and unreadable trials are reported
    /// separately instead.
    /// </summary>
    public bool IsScored =>
        (State is TrialState.Finished or TrialState.StoppedEarly) && Score is double s && double.IsFinite(s);

    /// <summary>The env name from params["env"], or null.</summary>
    public string? Env => Params.TryGetValue("env", out var env) && !string.IsNullOrWhiteSpace(env) ? env : null;
}
