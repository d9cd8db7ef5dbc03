namespace Lab.Agent;

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
