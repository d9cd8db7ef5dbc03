namespace Lab.Agent;

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
