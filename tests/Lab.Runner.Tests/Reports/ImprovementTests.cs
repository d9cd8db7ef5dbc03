using Lab.Runner.Reports;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class ImprovementTests
{
    [Fact]
    public void The_probability_counts_every_pair_with_ties_as_half()
    {
        // 3 vs 1, 2, 3: two wins and a tie = 2.5; 4 vs 1, 2, 3: three wins; (2.5 + 3) / (2 × 3)
        Assert.Equal(5.5 / 6, Improvement.Probability([3, 4], [1, 2, 3]), 14);
        Assert.Equal(0.5 / 6, Improvement.Probability([1, 2, 3], [3, 4]), 14);
    }

    [Fact]
    public void Identical_runs_give_one_half_as_rliable_returns_for_equal_arrays()
    {
        Assert.Equal(0.5, Improvement.Probability([7, 1, 7], [7, 1, 7]), 14);
        Assert.Equal(0.5, Improvement.Probability([500, 500], [500, 500]), 14);
    }

    [Fact]
    public void The_probability_of_x_over_y_and_of_y_over_x_add_up_to_one()
    {
        double[] x = [12, 480, 500, 35, 500];
        double[] y = [500, 20, 480, 480, 9];

        Assert.Equal(1, Improvement.Probability(x, y) + Improvement.Probability(y, x), 14);
        // 12: beats 9 (1); 480: beats 20, 9, ties 480 twice (3); 500: beats 20, 480, 480, 9, ties 500 (4.5);
        // 35: beats 20, 9 (2); 500: 4.5  =>  15 / 25
        Assert.Equal(15.0 / 25, Improvement.Probability(x, y), 14);
    }

    [Fact]
    public void The_paired_bootstrap_draws_the_same_runs_of_both_configs()
    {
        // x = [1, 0], y = [0, 1] paired: drawing runs {0, 0} gives x* = [1, 1], y* = [0, 0] and P = 1 (chance 1/4);
        // {1, 1} gives P = 0 (1/4); a mix gives x* and y* each [1, 0], P = 1/2 (1/2). An independent draw
        // would give P = 1 only when x* = [1, 1] and y* = [0, 0]: 1/16.
        var paired = Improvement.PairedDistribution([1, 0], [0, 1], 50_000, 11);
        var independent = Improvement.IndependentDistribution([1, 0], [0, 1], 50_000, 11);

        Assert.Equal(0.25, paired.Count(p => p == 1) / 50_000.0, 2);
        Assert.Equal(0.50, paired.Count(p => p == 0.5) / 50_000.0, 2);
        Assert.Equal(0.25, paired.Count(p => p == 0) / 50_000.0, 2);
        Assert.Equal(1 / 16.0, independent.Count(p => p == 1) / 50_000.0, 2);
    }

    [Fact]
    public void The_paired_interval_is_the_percentile_interval_of_the_exact_bootstrap_distribution()
    {
        // Three paired runs: the bootstrap distribution is the P of each of the 27 equally likely draws of three
        // run indices, enumerated here; 50,000 resamples give its 2.5% and 97.5% quantiles exactly, as long as
        // neither falls near a jump of the distribution (checked).
        double[] x = [10, 20, 30];
        double[] y = [15, 25, 5];
        var exact = new List<double>();
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
                for (var c = 0; c < 3; c++)
                    exact.Add(Improvement.Probability([x[a], x[b], x[c]], [y[a], y[b], y[c]]));
        exact.Sort();
        double Quantile(double q) => exact.First(v => exact.Count(w => w <= v) / 27.0 >= q);
        foreach (var v in exact.Distinct())
        {
            var cumulative = exact.Count(w => w <= v) / 27.0;
            Assert.True(Math.Abs(cumulative - 0.025) > 0.01 && Math.Abs(cumulative - 0.975) > 0.01, "no jump near the quantiles");
        }

        var ci = Statistics.PercentileInterval(Improvement.PairedDistribution(x, y, 50_000, 5), 0.95);

        Assert.Equal(Quantile(0.025), ci.Low, 12);
        Assert.Equal(Quantile(0.975), ci.High, 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_distribution_and_another_seed_another()
    {
        double[] x = [10, 20, 30, 40];
        double[] y = [12, 18, 35, 38];

        Assert.Equal(Improvement.PairedDistribution(x, y, 2000, 3), Improvement.PairedDistribution(x, y, 2000, 3));
        Assert.NotEqual(Improvement.PairedDistribution(x, y, 2000, 3), Improvement.PairedDistribution(x, y, 2000, 4));
    }

    [Fact]
    public void The_percentile_interval_interpolates_as_numpy_percentile()
    {
        // 101 values 0..100: position 0.025 × 100 = 2.5 → 2.5, and 97.5
        var ci = Statistics.PercentileInterval([.. Enumerable.Range(0, 101).Select(i => (double)i)], 0.95);

        Assert.Equal(2.5, ci.Low, 12);
        Assert.Equal(97.5, ci.High, 12);
    }
}
