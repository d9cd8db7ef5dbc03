using Lab.Runner.Reports;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class BinomialTests
{
    /// <summary>C(n, k) p^k (1 − p)^(n − k), written out, to check the interval against its definition.</summary>
    private static double Pmf(int k, int n, double p)
    {
        var choose = 1.0;
        for (var i = 1; i <= k; i++) choose = choose * (n - k + i) / i;
        return choose * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }

    [Fact]
    public void No_success_in_ten_has_the_closed_form_upper_bound_one_minus_the_tenth_root_of_0_025()
    {
        // P(X <= 0) = (1 - p)^10 = 0.025  =>  p = 1 - 0.025^(1/10) = 0.3085
        var ci = Binomial.ClopperPearson(0, 10);

        Assert.Equal(0, ci.Low);
        Assert.Equal(1 - Math.Pow(0.025, 0.1), ci.High, 12);
        Assert.Equal(0.3085, ci.High, 4);
    }

    [Fact]
    public void Ten_successes_in_ten_mirror_none_in_ten()
    {
        var ci = Binomial.ClopperPearson(10, 10);

        Assert.Equal(Math.Pow(0.025, 0.1), ci.Low, 12);
        Assert.Equal(1, ci.High);
    }

    [Fact]
    public void One_success_in_two_solves_one_minus_the_square_of_one_minus_p_equals_0_025()
    {
        // lower: P(X >= 1) = 1 - (1 - p)^2 = 0.025  =>  p = 1 - sqrt(0.975); upper by symmetry
        var ci = Binomial.ClopperPearson(1, 2);

        Assert.Equal(1 - Math.Sqrt(0.975), ci.Low, 12);
        Assert.Equal(Math.Sqrt(0.975), ci.High, 12);
    }

    [Fact]
    public void Eight_in_ten_gives_R_binom_test_interval_and_its_bounds_have_tail_probability_0_025()
    {
        // R: binom.test(8, 10)$conf.int = 0.4439045 0.9747893 (R prints 7 digits)
        var ci = Binomial.ClopperPearson(8, 10);

        Assert.Equal(0.4439045, ci.Low, tolerance: 1e-6);
        Assert.Equal(0.9747893, ci.High, tolerance: 1e-6);
        Assert.Equal(0.025, Pmf(8, 10, ci.Low) + Pmf(9, 10, ci.Low) + Pmf(10, 10, ci.Low), 9);
        Assert.Equal(0.025, Enumerable.Range(0, 9).Sum(k => Pmf(k, 10, ci.High)), 9);
    }

    [Fact]
    public void Two_in_three_and_seven_in_ten_match_R()
    {
        // R: binom.test(2, 3)$conf.int = 0.09429932 0.99159624; binom.test(7, 10)$conf.int = 0.3475471 0.9332605
        var two = Binomial.ClopperPearson(2, 3);
        var seven = Binomial.ClopperPearson(7, 10);

        Assert.Equal(0.09429932, two.Low, tolerance: 1e-6);
        Assert.Equal(0.99159624, two.High, tolerance: 1e-6);
        Assert.Equal(0.3475471, seven.Low, tolerance: 1e-6);
        Assert.Equal(0.9332605, seven.High, tolerance: 1e-6);
    }

    [Fact]
    public void A_narrower_confidence_gives_a_narrower_interval_and_no_trials_give_none()
    {
        var wide = Binomial.ClopperPearson(5, 20);
        var narrow = Binomial.ClopperPearson(5, 20, 0.5);

        Assert.True(narrow.Low > wide.Low && narrow.High < wide.High);
        Assert.True(double.IsNaN(Binomial.ClopperPearson(0, 0).Low));
        Assert.Throws<ArgumentOutOfRangeException>(() => Binomial.ClopperPearson(3, 2));
    }

    [Fact]
    public void The_tails_are_the_binomial_sums()
    {
        // n = 3, p = 0.5: P(X <= 1) = (1 + 3) / 8, P(X >= 2) = (3 + 1) / 8
        Assert.Equal(0.5, Binomial.AtMost(1, 3, 0.5), 14);
        Assert.Equal(0.5, Binomial.AtLeast(2, 3, 0.5), 14);
        Assert.Equal(1, Binomial.AtMost(3, 3, 0.2), 14);
    }
}
