namespace Lab.Runner.Reports;

/// <summary>
/// The training-return test of a config, which is not "solved": for each seed, the first training episode at
/// which the trailing mean of the last <see cref="SolveRule.Window"/> ε-greedy training returns reached the
/// threshold under the training cap (<see cref="SolveRule.FirstSolved"/>). Medians are over all seeds, a seed
/// that never got there counting as +∞.
/// </summary>
/// <param name="Threshold">The training threshold (the env's, scaled to the training cap); null when unknown.</param>
/// <param name="Reached">Seeds whose training mean ever reached it.</param>
/// <param name="MedianEpisodes">Median number of training episodes run by then (1-based count); null when that median is +∞ or there is no threshold.</param>
/// <param name="MedianEnvSteps">The same in env steps.</param>
internal sealed record TrainingSolve(double? Threshold, int Reached, double? MedianEpisodes, double? MedianEnvSteps)
{
    public static readonly TrainingSolve None = new(null, 0, null, null);
}
