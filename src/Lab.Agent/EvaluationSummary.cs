namespace Lab.Agent;

/// <summary>Greedy evaluation figures over a set of episodes.</summary>
public sealed record EvaluationSummary(int Episodes, int MaxSteps, double Mean, double Std, double Min, double Max,
    double Median, double CapShare)
{
    /// <summary>Population statistics (numpy's default ddof = 0) of the episode returns.</summary>
    public static EvaluationSummary From(ReadOnlySpan<double> returns, ReadOnlySpan<bool> reachedCap, int maxSteps)
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
        return new EvaluationSummary(n, maxSteps, mean, Math.Sqrt(squares / n), sorted[0], sorted[^1], median,
            (double)capped / n);
    }
}
