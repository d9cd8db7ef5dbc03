namespace Lab.Agent;

/// <summary>One finished training episode. Everything but the wall-clock figures is deterministic.</summary>
/// <param name="TdLoss">The mean over the episode's gradient steps of the batch loss; NaN without a step.</param>
/// <param name="TakenQ">The mean over the episode's gradient steps of the batch's mean Q(s, a) for the taken
/// actions, before each step's update (CleanRL's q_values); NaN without a step.</param>
/// <param name="MeanMaxQ">The mean over the episode's env steps of max_a Q(s, a), as the agent acted.</param>
public sealed record EpisodeRecord(
    int Episode,
    long EnvSteps,
    double Return,
    double ShapedReturn,
    int Length,
    bool Terminated,
    double Epsilon,
    double TdLoss,
    double TakenQ,
    double MeanMaxQ,
    long Updates,
    double StepsPerSecond,
    long UnixTimeMs);
