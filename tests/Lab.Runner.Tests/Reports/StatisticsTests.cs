using Lab.Runner.Reports;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class StatisticsTests
{
    [Fact]
    public void The_iqm_of_one_to_eight_is_4_5_as_scipy_trim_mean_gives()
    {
        // scipy.stats.trim_mean([1, 2, 3, 4, 5, 6, 7, 8], 0.25) == 4.5
        Assert.Equal(4.5, Statistics.Iqm([8, 3, 1, 7, 2, 6, 4, 5]));
    }

    [Fact]
    public void The_iqm_of_five_values_cuts_one_whole_value_from_each_end_without_fractional_weights()
    {
        // scipy.stats.trim_mean([1, 2, 4, 8, 16], 0.25): int(1.25) = 1 cut from each end -> (2 + 4 + 8) / 3.
        // A fractionally weighted IQM would give (0.75·2 + 4 + 0.75·8) / 2.5 = 4.6 instead.
        Assert.Equal(14.0 / 3.0, Statistics.Iqm([16, 1, 8, 2, 4]), 12);
    }

    [Fact]
    public void The_iqm_of_ten_values_cuts_two_from_each_end_and_ignores_an_outlier()
    {
        // scipy.stats.trim_mean(range 0..8 + [1000], 0.25): int(2.5) = 2 -> mean(2..7) = 4.5
        Assert.Equal(4.5, Statistics.Iqm([0, 1, 2, 3, 4, 5, 6, 7, 8, 1000]), 12);
    }

    [Fact]
    public void The_iqm_of_fewer_than_four_values_is_their_mean()
    {
        Assert.Equal(13.0 / 3.0, Statistics.Iqm([1, 2, 10]), 12);
        Assert.Equal(7.0, Statistics.Iqm([7]));
        Assert.True(double.IsNaN(Statistics.Iqm([])));
    }

    [Fact]
    public void The_median_of_an_even_count_averages_the_two_middle_values()
    {
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.Equal(3.0, Statistics.Median([5, 1, 3]));
    }

    [Fact]
    public void Quantiles_interpolate_linearly_between_order_statistics_as_numpy_does()
    {
        // numpy.quantile([1, 2, 3, 4], 0.25) == 1.75; numpy.quantile([10, 20, 30, 40, 50], 0.9) == 46
        Assert.Equal(1.75, Statistics.Quantile([4, 3, 2, 1], 0.25), 12);
        Assert.Equal(46.0, Statistics.Quantile([10, 20, 30, 40, 50], 0.9), 12);
        Assert.Equal(10.0, Statistics.Quantile([10, 20, 30, 40, 50], 0));
        Assert.Equal(50.0, Statistics.Quantile([10, 20, 30, 40, 50], 1));
    }

    [Fact]
    public void The_bootstrap_gives_the_same_interval_for_the_same_seed_and_another_for_another_seed()
    {
        double[] scores = [120, 480, 500, 310, 500, 45, 260, 499];
        var first = Statistics.BootstrapCi(scores, Statistics.Iqm, 2000, 0.95, 42);
        var again = Statistics.BootstrapCi(scores, Statistics.Iqm, 2000, 0.95, 42);
        var other = Statistics.BootstrapCi(scores, Statistics.Iqm, 2000, 0.95, 43);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_bootstrap_interval_of_the_iqm_contains_the_iqm_and_lies_within_the_data()
    {
        double[] scores = [120, 480, 500, 310, 500, 45, 260, 499, 350, 410];
        var iqm = Statistics.Iqm(scores);

        var ci = Statistics.BootstrapCi(scores, Statistics.Iqm, 5000, 0.95, 7);

        Assert.True(ci.Contains(iqm), $"{ci} should contain {iqm}");
        Assert.True(ci.Low >= scores.Min() && ci.High <= scores.Max());
        Assert.True(ci.High - ci.Low > 10, "eight different scores leave real uncertainty");
    }

    [Fact]
    public void The_bootstrap_interval_of_a_single_seed_is_that_seed_and_of_none_is_undefined()
    {
        Assert.Equal(new ConfidenceInterval(321, 321), Statistics.BootstrapCi([321], Statistics.Iqm, 100, 0.95, 1));
        var none = Statistics.BootstrapCi([], Statistics.Iqm, 100, 0.95, 1);
        Assert.True(double.IsNaN(none.Low) && double.IsNaN(none.High));
    }

    [Fact]
    public void The_stratified_bootstrap_resamples_within_each_stratum_so_stratum_sizes_never_change()
    {
        // Given two tasks whose runs score 0 and 10: every stratified resample holds three of each,
        // so the mean of every resample, and both ends of the interval, are exactly 5.
        var ci = Statistics.StratifiedBootstrapCi([[0, 0, 0], [10, 10, 10]], Statistics.Mean, 1000, 0.95, 3);

        Assert.Equal(new ConfidenceInterval(5, 5), ci);
    }

    [Fact]
    public void The_bootstrap_with_one_stratum_is_the_plain_percentile_bootstrap()
    {
        double[] scores = [1, 5, 9, 200, 3];
        Assert.Equal(
            Statistics.BootstrapCi(scores, Statistics.Mean, 500, 0.9, 11),
            Statistics.StratifiedBootstrapCi([scores], Statistics.Mean, 500, 0.9, 11));
    }

    [Theory]
    [InlineData(1, 12.706204736174698)]
    [InlineData(4, 2.7764451051977987)]
    [InlineData(10, 2.2281388519649385)]
    [InlineData(30, 2.0422724563012373)]
    [InlineData(40, 2.021075390306273)]
    [InlineData(60, 2.000297821058262)]
    [InlineData(120, 1.9799304050824413)]
    public void Student_t_quantiles_match_scipy_t_ppf_0_975(int df, double scipy)
    {
        Assert.Equal(scipy, Statistics.StudentT975(df), 6);
    }

    [Fact]
    public void The_t_interval_of_one_to_five_is_three_plus_minus_1_963()
    {
        // mean 3, s = √2.5, t(0.975, 4) = 2.7764451052 -> half width 1.96324316
        var ci = Statistics.MeanCi95([1, 2, 3, 4, 5]);

        Assert.Equal(3 - 1.9632431614791175, ci.Low, 9);
        Assert.Equal(3 + 1.9632431614791175, ci.High, 9);
        Assert.Equal(new ConfidenceInterval(7, 7), Statistics.MeanCi95([7]));
    }

    [Fact]
    public void The_censored_median_counts_never_as_infinitely_late()
    {
        Assert.Equal(5.0, Statistics.CensoredMedian([3, null, 5]));
        Assert.Null(Statistics.CensoredMedian([3, null, null]));
        Assert.Equal(3.0, Statistics.CensoredMedian([1, 2, null, 4]));
        Assert.Null(Statistics.CensoredMedian([1, null]));
        Assert.Null(Statistics.CensoredMedian([]));
    }

    [Fact]
    public void The_rolling_mean_averages_what_there_is_until_the_window_fills()
    {
        Assert.Equal([1, 1.5, 2.5, 3.5], Statistics.RollingMean([1, 2, 3, 4], 2));
        Assert.Equal([1, 1.5, 2, 2.5], Statistics.RollingMean([1, 2, 3, 4], 10));
    }
}
