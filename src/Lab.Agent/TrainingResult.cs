using Lab.Neural;

namespace Lab.Agent;

/// <summary>What the trainer hands back to the shell: how it ended and the trained network.</summary>
public sealed record TrainingResult(
    TrialStatus Status,
    string? Reason,
    int Episodes,
    long EnvSteps,
    QNetwork Network,
    EvaluationRecord? FinalEvaluation)
{
    /// <summary>With <c>evaluation.keep_best</c>, the best periodic checkpoint's network; null otherwise or when no periodic evaluation ran.</summary>
    public QNetwork? BestNetwork { get; init; }

    /// <summary>Where <see cref="BestNetwork"/> came from and its final evaluation.</summary>
    public BestCheckpoint? Best { get; init; }
}
