namespace Lab.Runner.Training;

/// <summary>Who a trial is: stable id, the grid cell it belongs to, its replicate and seed.</summary>
/// <param name="TrialId">Stable id from the resolved config and replicate, e.g. "dqn2-batch_size=512-memory=10000-s3-c219ad7a".</param>
/// <param name="Experiment">The grid's (or single config's) name.</param>
/// <param name="ConfigLabel">The grid cell without the seed, e.g. "batch_size=512 memory=10000"; "" for a single train.</param>
/// <param name="Replicate">0-based replicate index within the grid cell.</param>
/// <param name="Seed">The trial's seed; every random stream derives from it.</param>
/// <param name="Params">Every resolved hyperparameter under its dotted name, values as invariant strings.</param>
public sealed record TrialInfo(
    string TrialId,
    string Experiment,
    string ConfigLabel,
    int Replicate,
    long Seed,
    IReadOnlyDictionary<string, string> Params);

/// <summary>One finished training episode. Everything but the wall-clock figures is deterministic.</summary>
public sealed record EpisodeRecord(
    int Episode,
    long EnvSteps,
    double Return,
    double ShapedReturn,
    int Length,
    bool Terminated,
    double Epsilon,
    double TdLoss,
    double MeanMaxQ,
    long Updates,
    double StepsPerSecond,
    long UnixTimeMs);

/// <summary>One greedy evaluation: summary over Episodes episodes run side by side.</summary>
public sealed record EvaluationRecord(
    int Episode,
    long EnvSteps,
    int Episodes,
    int MaxSteps,
    double Mean,
    double Std,
    double Min,
    double Max,
    double Median,
    double CapShare,
    long UnixTimeMs);

public enum TrialStatus { Finished, StoppedEarly, Failed, Interrupted }

/// <summary>How a trial ended, with the reason when it did not simply finish.</summary>
public sealed record TrialOutcome(
    TrialStatus Status,
    string? Reason,
    int Episodes,
    long EnvSteps,
    double WallSeconds,
    EvaluationRecord? FinalEvaluation,
    long UnixTimeMs)
{
    /// <summary>
    /// A failure that a rerun may not repeat (an I/O error, an exception), as opposed to a divergence,
    /// which the same seed reproduces exactly. A resumed sweep runs retryable failures again.
    /// </summary>
    public bool Retryable { get; init; }
}

/// <summary>
/// Where training events go: the results store, MLflow, the terminal. The trainer calls these in
/// order (Started, then Episode/Evaluation interleaved, then Finished exactly once) on its own thread;
/// a sink must be quick and must never throw into training (it records its own failures).
/// </summary>
public interface ITrainingSink
{
    void OnStarted(TrialInfo trial);
    void OnEpisode(TrialInfo trial, EpisodeRecord episode);
    void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation);
    /// <summary>Called exactly once; status.json and (unless the trial errored) model.dqn exist by then.</summary>
    void OnFinished(TrialInfo trial, TrialOutcome outcome);
}
