using Lab.Core;

namespace Lab.Runner.Reports;

/// <summary>
/// rliable's probability of improvement (Agarwal et al. 2021, <c>metrics.probability_of_improvement</c>)
/// and its bootstrap intervals. P(X &gt; Y) is the chance that a run of X scores higher than a run of Y,
/// ties counting half: the Mann–Whitney U statistic of X over Y divided by n_x·n_y, averaged over tasks
/// (here every config is one task, its env). 0.5 means the runs do not tell the two apart.
/// </summary>
internal static class Improvement
{
    /// <summary>
    /// P(X &gt; Y) = (1 / (n·m)) Σᵢ Σⱼ S(xᵢ, yⱼ) with S = 1 when xᵢ &gt; yⱼ, ½ when equal, 0 otherwise
    /// (scipy's <c>mannwhitneyu(x, y, alternative='greater')</c> statistic over n·m; rliable returns 0.5 for
    /// identical arrays, which this formula gives too). NaN when either list is empty.
    /// </summary>
    public static double Probability(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0 || y.Count == 0) return double.NaN;
        var sum = 0.0;
        foreach (var a in x)
            foreach (var b in y)
                sum += Compare(a, b);
        return sum / ((double)x.Count * y.Count);
    }

    private static double Compare(double a, double b) => a > b ? 1 : a == b ? 0.5 : 0;

    /// <summary>
    /// The bootstrap distribution of P(X &gt; Y) for paired runs (run k of X and run k of Y share their
    /// start states: the same seed): each resample draws n run indices with replacement, the same for X and
    /// Y, and computes P over all n × n pairs of the drawn runs. This is rliable's stratified bootstrap
    /// with the pairing kept: rliable's own <c>StratifiedIndependentBootstrap</c>, which it uses for this
    /// metric, resamples X and Y independently (<see cref="IndependentDistribution"/>). Sorted ascending.
    /// </summary>
    public static double[] PairedDistribution(IReadOnlyList<double> x, IReadOnlyList<double> y, int resamples, ulong seed)
    {
        if (x.Count != y.Count) throw new ArgumentException($"paired runs come in pairs: {x.Count} vs {y.Count}");
        Check(resamples, x.Count);
        var n = x.Count;
        // S(x_i, y_j) once; a resample that drew run i c_i times weighs S(i, j) by c_i * c_j
        var s = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                s[i, j] = Compare(x[i], y[j]);
        var counts = new int[n];
        var stats = new double[resamples];
        var rng = RngModule.Create(seed);
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (var k = 0; k < n; k++)
            {
                (var pick, rng) = RngModule.NextInt(n, rng);
                counts[pick]++;
            }
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (counts[i] == 0) continue;
                var row = 0.0;
                for (var j = 0; j < n; j++) row += counts[j] * s[i, j];
                sum += counts[i] * row;
            }
            stats[r] = sum / ((double)n * n);
        }
        Array.Sort(stats);
        return stats;
    }

    /// <summary>
    /// The bootstrap distribution of P(X &gt; Y) for unpaired runs, as rliable's
    /// <c>StratifiedIndependentBootstrap</c> draws it: X's runs and Y's runs are each resampled with
    /// replacement, independently, to their own sizes. Sorted ascending.
    /// </summary>
    public static double[] IndependentDistribution(IReadOnlyList<double> x, IReadOnlyList<double> y, int resamples, ulong seed)
    {
        Check(resamples, Math.Min(x.Count, y.Count));
        var rng = RngModule.Create(seed);
        var xs = new double[x.Count];
        var ys = new double[y.Count];
        var stats = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                (var pick, rng) = RngModule.NextInt(x.Count, rng);
                xs[i] = x[pick];
            }
            for (var j = 0; j < ys.Length; j++)
            {
                (var pick, rng) = RngModule.NextInt(y.Count, rng);
                ys[j] = y[pick];
            }
            stats[r] = Probability(xs, ys);
        }
        Array.Sort(stats);
        return stats;
    }

    private static void Check(int resamples, int runs)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least one resample");
        if (runs < 1) throw new ArgumentException("no runs to resample");
    }
}
