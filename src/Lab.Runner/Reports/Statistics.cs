using Lab.Core;

namespace Lab.Runner.Reports;

/// <summary>
/// The numbers behind the report, as pure functions of their inputs (no I/O, no clock, randomness
/// from an explicit seed). docs/REPORTS.md says what each one means and why it was chosen.
/// </summary>
internal static class Statistics
{
    /// <summary>The arithmetic mean; NaN for an empty list.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++) sum += values[i];
        return sum / values.Count;
    }

    /// <summary>The sample standard deviation (n - 1 in the denominator); NaN below two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        var mean = Mean(values);
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++) sum += (values[i] - mean) * (values[i] - mean);
        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary>The median (the mean of the two middle values when the count is even); NaN for an empty list.</summary>
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// The median of times to an event where null means the event never happened (+∞): the sample
    /// median with nulls sorted last; null when the median itself is +∞ (more than half never got
    /// there, or for an even count, the upper middle one never did) or there are no values.
    /// </summary>
    public static double? CensoredMedian(IReadOnlyList<double?> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Select(v => v ?? double.PositiveInfinity).ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return double.IsPositiveInfinity(median) ? null : median;
    }

    /// <summary>
    /// The q-quantile with linear interpolation between order statistics: Hyndman &amp; Fan type 7,
    /// the default of numpy.percentile/numpy.quantile and of R's quantile(). NaN for an empty list.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        if (q is < 0 or > 1 || double.IsNaN(q)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies in [0, 1]");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, q);
    }

    private static double QuantileOfSorted(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    /// <summary>
    /// The trimmed mean with scipy.stats.trim_mean semantics: sort, cut floor(proportion × n) values
    /// from each end (never a fraction of a value), and average the rest. NaN for an empty list.
    /// </summary>
    public static double TrimmedMean(IReadOnlyList<double> values, double proportionToCut)
    {
        if (values.Count == 0) return double.NaN;
        if (proportionToCut is < 0 or >= 0.5 || double.IsNaN(proportionToCut))
            throw new ArgumentOutOfRangeException(nameof(proportionToCut), proportionToCut, "cut less than half from each end");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return TrimmedMeanOfSorted(sorted, proportionToCut);
    }

    private static double TrimmedMeanOfSorted(double[] sorted, double proportionToCut)
    {
        var cut = (int)Math.Floor(proportionToCut * sorted.Length);
        var sum = 0.0;
        for (var i = cut; i < sorted.Length - cut; i++) sum += sorted[i];
        return sum / (sorted.Length - 2 * cut);
    }

    /// <summary>
    /// The interquartile mean exactly as rliable computes it (Agarwal et al. 2021,
    /// <c>metrics.aggregate_iqm</c> = <c>scipy.stats.trim_mean(scores, 0.25)</c>): floor(n / 4) values
    /// are cut from each end and the rest averaged, with no fractional weighting of boundary values.
    /// For n = 5 that averages the middle 3; below 4 values nothing is cut and it is the mean.
    /// </summary>
    public static double Iqm(IReadOnlyList<double> values) => TrimmedMean(values, 0.25);

    /// <summary>
    /// A percentile-bootstrap confidence interval of <paramref name="statistic"/> over
    /// <paramref name="values"/>: the values are resampled with replacement
    /// <paramref name="resamples"/> times, drawn from <c>RngModule.Create(seed)</c>, and the interval is the
    /// (1 - confidence)/2 and (1 + confidence)/2 type-7 quantiles of the resampled statistics.
    /// The same inputs give the same interval, bit for bit.
    /// </summary>
    public static ConfidenceInterval BootstrapCi(
        IReadOnlyList<double> values, Func<IReadOnlyList<double>, double> statistic,
        int resamples, double confidence, ulong seed) =>
        StratifiedBootstrapCi([values], statistic, resamples, confidence, seed);

    /// <summary>
    /// The stratified bootstrap of rliable (Agarwal et al. 2021): each resample draws, within every
    /// stratum (task) separately, as many values as the stratum holds, with replacement; the statistic
    /// is then computed over all drawn values together. The interval is the percentile interval
    /// (type-7 quantiles of the resampled statistics). With one stratum this is the ordinary
    /// percentile bootstrap. An empty input gives (NaN, NaN); a single value gives (value, value).
    /// </summary>
    public static ConfidenceInterval StratifiedBootstrapCi(
        IReadOnlyList<IReadOnlyList<double>> strata, Func<IReadOnlyList<double>, double> statistic,
        int resamples, double confidence, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(statistic);
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least one resample");
        if (confidence is <= 0 or >= 1 || double.IsNaN(confidence))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "a confidence level lies in (0, 1)");
        var total = strata.Sum(s => s.Count);
        if (total == 0) return new ConfidenceInterval(double.NaN, double.NaN);

        var rng = RngModule.Create(seed);
        var sample = new double[total];
        var stats = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var k = 0;
            foreach (var stratum in strata)
            {
                for (var i = 0; i < stratum.Count; i++)
                {
                    (var pick, rng) = RngModule.NextInt(stratum.Count, rng);
                    sample[k++] = stratum[pick];
                }
            }
            stats[r] = statistic(sample);
        }
        Array.Sort(stats);
        return PercentileInterval(stats, confidence);
    }

    /// <summary>
    /// The percentile interval of a bootstrap distribution (sorted ascending): its (1 - confidence)/2 and
    /// (1 + confidence)/2 type-7 quantiles, as rliable's <c>conf_int(method='percentile')</c>.
    /// </summary>
    public static ConfidenceInterval PercentileInterval(double[] sortedStatistics, double confidence)
    {
        if (sortedStatistics.Length == 0) return new ConfidenceInterval(double.NaN, double.NaN);
        var alpha = 1 - confidence;
        return new ConfidenceInterval(QuantileOfSorted(sortedStatistics, alpha / 2), QuantileOfSorted(sortedStatistics, 1 - alpha / 2));
    }

    /// <summary>
    /// The two-sided 95% Student-t interval of the mean, mean ± t(0.975, n-1) · s / √n.
    /// (NaN, NaN) for no values; (x, x) for one value (no spread can be estimated from one seed).
    /// </summary>
    public static ConfidenceInterval MeanCi95(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new ConfidenceInterval(double.NaN, double.NaN);
        var mean = Mean(values);
        if (values.Count == 1) return new ConfidenceInterval(mean, mean);
        var half = StudentT975(values.Count - 1) * StandardDeviation(values) / Math.Sqrt(values.Count);
        return new ConfidenceInterval(mean - half, mean + half);
    }

    private static readonly double[] T975 =
    [
        12.7062047362, 4.3026527297, 3.1824463053, 2.7764451052, 2.5705818366,
        2.4469118511, 2.3646242516, 2.3060041352, 2.2621571628, 2.2281388520,
        2.2009851601, 2.1788128297, 2.1603686565, 2.1447866879, 2.1314495456,
        2.1199052992, 2.1098155778, 2.1009220402, 2.0930240544, 2.0859634473,
        2.0796138447, 2.0738730679, 2.0686576104, 2.0638985616, 2.0595385528,
        2.0555294386, 2.0518305165, 2.0484071418, 2.0452296421, 2.0422724563,
    ];

    /// <summary>
    /// The 0.975 quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom:
    /// tabulated (10 digits) up to 30, then the Cornish–Fisher expansion in 1/ν (error below 1e-6).
    /// </summary>
    public static double StudentT975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "at least one degree of freedom");
        if (degreesOfFreedom <= T975.Length) return T975[degreesOfFreedom - 1];
        const double z = 1.959963984540054;
        double nu = degreesOfFreedom, z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
        var g1 = (z3 + z) / 4;
        var g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
        var g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
        var g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
        return z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu) + g4 / (nu * nu * nu * nu);
    }

    /// <summary>
    /// The trailing rolling mean: element i is the mean of values[max(0, i - window + 1) .. i], so the
    /// first window - 1 elements average what there is so far.
    /// </summary>
    public static double[] RollingMean(IReadOnlyList<double> values, int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "a window holds at least one value");
        var result = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            // summed afresh for each window (not a running sum) so the value is exactly the mean of
            // those returns, as a reader recomputing it from metrics.csv would get it
            var start = Math.Max(0, i - window + 1);
            var sum = 0.0;
            for (var j = start; j <= i; j++) sum += values[j];
            result[i] = sum / (i - start + 1);
        }
        return result;
    }
}
