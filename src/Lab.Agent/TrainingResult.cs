using Lab.Neural;

namespace Lab.Agent;

/// <summary>What the trainer hands back to the shell: how it ended and the trained network.</summary>
public sealed record TrainingResult(
    TrialStatus Status,
    string? Reason,
    int Episodes,
    long EnvSteps,
    QNetwork Network,
    EvaluationRecord? FinalEvaluation);
