namespace Lab.Agent.Tests;

/// <summary>The statistics of an evaluation's returns, on numbers small enough to check by hand.</summary>
public sealed class EvaluationRecordTests
{
    [Fact]
    public void Four_returns_give_their_population_statistics_and_the_mean_of_the_middle_two_as_median()
    {
        // mean 3; squared deviations 0, 4, 1, 9: std √(14/4); sorted 1 2 3 6: median 2.5.
        var record = EvaluationRecord.FromReturns([3, 1, 2, 6], [false, true, false, true], maxSteps: 6);

        Assert.Equal(new EvaluationRecord(0, 0, 4, 6, 3, Math.Sqrt(3.5), 1, 6, 2.5, 0.5, 0), record);
    }

    [Fact]
    public void Three_returns_have_the_middle_one_as_median()
    {
        // mean 4; squared deviations 1, 16, 9: std √(26/3); sorted 0 5 7: median 5.
        var record = EvaluationRecord.FromReturns([5, 0, 7], [false, false, true], maxSteps: 7);

        Assert.Equal(new EvaluationRecord(0, 0, 3, 7, 4, Math.Sqrt(26.0 / 3), 0, 7, 5, 1.0 / 3, 0), record);
    }

    [Fact]
    public void No_returns_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EvaluationRecord.FromReturns([], [], maxSteps: 5));
    }
}
