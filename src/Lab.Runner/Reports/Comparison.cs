namespace Lab.Runner.Reports;

/// <summary>
/// rliable's probability of improvement of config <paramref name="X"/> over config <paramref name="Y"/> on their
/// final scores (<see cref="Improvement"/>), with its 95% percentile-bootstrap interval.
/// </summary>
/// <param name="Paired">True when the runs were matched by seed (same seed, same start states) and resampled
/// together; false when the configs share fewer than two seeds and were resampled independently.</param>
/// <param name="Runs">Runs of each config compared: the shared seeds when paired, else the smaller count of seeds.</param>
internal sealed record Comparison(string X, string Y, double Probability, ConfidenceInterval Ci, bool Paired, int Runs)
{
    /// <summary>The interval lies wholly above 0.5: X's runs score higher than Y's more often than not.</summary>
    public bool XBetter => Ci.Low > 0.5;

    /// <summary>The interval lies wholly below 0.5.</summary>
    public bool YBetter => Ci.High < 0.5;

    /// <summary>The same comparison read the other way round: P(Y &gt; X) = 1 − P(X &gt; Y), its interval mirrored.</summary>
    public Comparison Reversed() => this with { X = Y, Y = X, Probability = 1 - Probability, Ci = new ConfidenceInterval(1 - Ci.High, 1 - Ci.Low) };
}
