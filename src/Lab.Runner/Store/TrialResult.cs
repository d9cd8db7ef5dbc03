using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// One trial as the results store holds it: what the report summarizes, what `runner mlflow sync` sends
/// and what the per-trial plot shows. <see cref="ResultsReader.ReadTrial"/> reads it from a trial folder;
/// a trial that just ran builds it from the records in memory.
/// </summary>
/// <param name="Directory">The trial folder.</param>
/// <param name="Info">trial.json; when the folder has none (see <see cref="Identified"/>), the folder name as trial id and nothing else.</param>
/// <param name="Episodes">metrics.csv joined with timing.csv, in file order.</param>
/// <param name="Evaluations">eval.csv, in file order.</param>
/// <param name="Outcome">status.json; null while the trial has not ended.</param>
internal sealed record TrialResult(
    string Directory,
    TrialInfo Info,
    IReadOnlyList<EpisodeRecord> Episodes,
    IReadOnlyList<EvaluationRecord> Evaluations,
    TrialOutcome? Outcome)
{
    /// <summary>
    /// Whether trial.json was read, so the trial's config is known. A folder without it is listed
    /// among the unfinished trials but belongs to no config.
    /// </summary>
    public bool Identified { get; init; } = true;

    /// <summary>Why a file of the trial could not be read; the trial is then <see cref="TrialState.Unreadable"/>.</summary>
    public string? Problem { get; init; }

    /// <summary>When the trial started (trial.json is written as it starts), as Unix milliseconds.</summary>
    public long StartTimeMs { get; init; }

    public string TrialId => Info.TrialId;
    public string Experiment => Info.Experiment;
    /// <summary>The grid cell without the seed ("" for a single train).</summary>
    public string ConfigLabel => Info.ConfigLabel;
    public int Replicate => Info.Replicate;
    public long Seed => Info.Seed;
    /// <summary>Every resolved hyperparameter under its dotted name, as invariant strings.</summary>
    public IReadOnlyDictionary<string, string> Params => Info.Params;

    /// <summary>How the trial ended, as the report sees it.</summary>
    public TrialState State =>
        Problem is not null || (!Identified && Outcome is not null) ? TrialState.Unreadable
        : Outcome?.Status switch
        {
            null => TrialState.Incomplete,
            TrialStatus.Finished => TrialState.Finished,
            TrialStatus.StoppedEarly => TrialState.StoppedEarly,
            TrialStatus.Failed => TrialState.Failed,
            _ => TrialState.Interrupted,
        };

    /// <summary>status.json's reason, or why the trial is unreadable, unidentified or incomplete.</summary>
    public string? Reason =>
        Problem
        ?? (!Identified ? "no trial.json: its config is unknown"
            : Outcome is null ? "no status.json"
            : Outcome.Reason);

    /// <summary>status.json's final_evaluation, when present.</summary>
    public EvaluationRecord? FinalEvaluation => Outcome?.FinalEvaluation;

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
