namespace Lab.Runner.Reports;

/// <summary>A two-sided interval [Low, High]; both NaN when there was nothing to estimate from.</summary>
internal sealed record ConfidenceInterval(double Low, double High)
{
    /// <summary>Whether <paramref name="value"/> lies in [Low, High].</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}
