using Lab.Runner.Reports;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class LearningCurvesTests
{
    [Fact]
    public void Seeds_are_read_off_the_grid_by_their_last_value_and_left_out_before_their_first()
    {
        // Given one seed with points at steps 10 and 20 and another with a single point at 15
        IReadOnlyList<(double, double)> a = [(10, 1), (20, 3)];
        IReadOnlyList<(double, double)> b = [(15, 5)];

        var points = LearningCurves.Aggregate([a, b], [0, 10, 20, 30]);

        // Then step 0 has no seed, step 10 only the first, step 20 both (the second carried forward),
        // and the curve ends at the longest seed's last step
        Assert.Equal([10.0, 20], points.Select(p => p.X));
        Assert.Equal(1, points[0].Mean);
        Assert.Equal(1, points[0].Seeds);
        Assert.Equal(4, points[1].Mean);
        Assert.Equal(2, points[1].Seeds);
        var ci = Statistics.MeanCi95([3, 5]);
        Assert.Equal(ci.Low, points[1].Low);
        Assert.Equal(ci.High, points[1].High);
    }

    [Fact]
    public void A_seed_that_stopped_early_holds_its_last_value_until_the_longest_seed_ends()
    {
        IReadOnlyList<(double, double)> shortRun = [(5, 500)];
        IReadOnlyList<(double, double)> longRun = [(5, 100), (40, 300)];

        var points = LearningCurves.Aggregate([shortRun, longRun], [0, 10, 20, 30, 40, 50]);

        Assert.Equal([10.0, 20, 30, 40], points.Select(p => p.X));
        Assert.Equal(400, points[^1].Mean);
        Assert.All(points, p => Assert.Equal(2, p.Seeds));
    }

    [Fact]
    public void The_band_is_clipped_to_the_bounds_returns_cannot_leave()
    {
        IReadOnlyList<(double, double)> a = [(10, 500)];
        IReadOnlyList<(double, double)> b = [(10, 100)];

        var point = Assert.Single(LearningCurves.Aggregate([a, b], [10], (0, 500)));

        Assert.Equal(0, point.Low);
        Assert.Equal(500, point.High);
    }
}
