using Lab.Agent;




namespace Lab.Runner.Store;

/// <summary>What `runner mlflow sync` reads from one trial folder of the results store.</summary>
/// <param name="Episodes">metrics.csv joined with timing.csv on episode, up to the first row that is not complete in both.</param>
/// <param name="Outcome">From status.json; null while the trial has not ended.</param>
/// <param name="StartTimeMs">When the trial started: trial.json is written by OnStarted.</param>
internal sealed record TrialFolder(
    string Directory,
    TrialInfo Info,
    IReadOnlyList<EpisodeRecord> Episodes,
    IReadOnlyList<EvaluationRecord> Evaluations,
    TrialOutcome? Outcome,
    long StartTimeMs);
