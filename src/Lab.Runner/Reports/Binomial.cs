namespace Lab.Runner.Reports;

/// <summary>
/// Intervals for a share of successes (seeds that solved, out of seeds scored). Pure functions, no
/// randomness: an exact interval is a property of the counts alone.
/// </summary>
internal static class Binomial
{
    /// <summary>
    /// The exact (Clopper &amp; Pearson 1934) two-sided interval for the success probability behind
    /// <paramref name="successes"/> out of <paramref name="trials"/>, as R's <c>binom.test</c> and
    /// statsmodels' <c>proportion_confint(method="beta")</c> give it: the lower bound is the p at which
    /// P(X ≥ k) = α/2, the upper bound the p at which P(X ≤ k) = α/2 (X ~ Binomial(n, p), α = 1 −
    /// confidence), with 0 for k = 0 and 1 for k = n. It never covers less than the confidence level,
    /// whatever n and p (it is conservative). (NaN, NaN) for no trials.
    /// </summary>
    public static ConfidenceInterval ClopperPearson(int successes, int trials, double confidence = 0.95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes lie in [0, trials = {trials}]");
        if (confidence is <= 0 or >= 1 || double.IsNaN(confidence))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "a confidence level lies in (0, 1)");
        if (trials == 0) return new ConfidenceInterval(double.NaN, double.NaN);
        var half = (1 - confidence) / 2;
        // P(X >= k) grows with p, P(X <= k) falls with p: bisect each to the p where it equals alpha / 2
        var low = successes == 0 ? 0 : Bisect(p => AtLeast(successes, trials, p) - half);
        var high = successes == trials ? 1 : Bisect(p => half - AtMost(successes, trials, p));
        return new ConfidenceInterval(low, high);
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, p), summed term by term in log space (exact to rounding for any n this report sees).</summary>
    public static double AtMost(int k, int n, double p) => Sum(0, k, n, p);

    /// <summary>P(X ≥ k) for X ~ Binomial(n, p).</summary>
    public static double AtLeast(int k, int n, double p) => Sum(k, n, n, p);

    private static double Sum(int from, int to, int n, double p)
    {
        if (from > to) return 0;
        if (p <= 0) return from == 0 ? 1 : 0;
        if (p >= 1) return to == n ? 1 : 0;
        double logP = Math.Log(p), logQ = Math.Log(1 - p), logChoose = 0, sum = 0;
        for (var i = 0; i <= to; i++)
        {
            if (i > 0) logChoose += Math.Log(n - i + 1) - Math.Log(i);
            if (i >= from) sum += Math.Exp(logChoose + i * logP + (n - i) * logQ);
        }
        return Math.Min(1, sum);
    }

    /// <summary>The root in (0, 1) of an increasing function, to the last bit a double can tell apart.</summary>
    private static double Bisect(Func<double, double> increasing)
    {
        double lo = 0, hi = 1;
        for (var i = 0; i < 200 && hi - lo > 1e-15; i++)
        {
            var mid = (lo + hi) / 2;
            if (increasing(mid) < 0) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }
}
