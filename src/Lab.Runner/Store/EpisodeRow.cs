namespace Lab.Runner.Store;

/// <summary>The columns of one metrics.csv row that reports use.</summary>
/// <param name="Episode">1-based training episode, as the trainer numbers it.</param>
/// <param name="EnvSteps">Env steps taken so far, this episode included.</param>
/// <param name="Return">The environment's own (unshaped) return of the episode.</param>
public sealed record EpisodeRow(int Episode, long EnvSteps, double Return);
