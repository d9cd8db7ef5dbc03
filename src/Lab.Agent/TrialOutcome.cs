namespace Lab.Agent;

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

    /// <summary>The best checkpoint (<c>evaluation.keep_best</c>) and its final evaluation; null without one.</summary>
    public BestCheckpoint? Best { get; init; }
}
