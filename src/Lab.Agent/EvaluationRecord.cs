namespace Lab.Agent;

/// <summary>
/// One greedy evaluation: population statistics over <paramref name="Episodes"/> episodes run side by
/// side, each capped at <paramref name="MaxSteps"/>, and where in training it happened.
/// </summary>
/// <param name="Episode">Training episodes completed before the evaluation (0 for an evaluation outside training).</param>
/// <param name="EnvSteps">Training env steps before the evaluation (0 outside training).</param>
/// <param name="CapShare">The share of episodes that reached the cap without terminating.</param>
/// <param name="UnixTimeMs">Wall clock when it ended (0 until the trainer stamps it); the only non-deterministic field.</param>
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
    long UnixTimeMs)
{
    /// <summary>
    /// Population statistics (numpy's default ddof = 0) of the episode returns, at training position 0
    /// and time 0: the trainer stamps its own with <c>with</c>.
    /// </summary>
    internal static EvaluationRecord FromReturns(ReadOnlySpan<double> returns, ReadOnlySpan<bool> reachedCap, int maxSteps)
    {
        var n = returns.Length;
        if (n == 0) throw new ArgumentException("no episodes to summarise");
        var sorted = returns.ToArray();
        Array.Sort(sorted);
        double sum = 0;
        foreach (var r in sorted) sum += r;
        var mean = sum / n;
        double squares = 0;
        foreach (var r in sorted) squares += (r - mean) * (r - mean);
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        var capped = 0;
        foreach (var c in reachedCap) if (c) capped++;
        return new EvaluationRecord(0, 0, n, maxSteps, mean, Math.Sqrt(squares / n), sorted[0], sorted[^1], median,
            (double)capped / n, 0);
    }
}
