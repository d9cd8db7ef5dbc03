using Lab.Runner.Execution;
using Xunit;

namespace Lab.Runner.Tests.Execution;

public sealed class TrialCoresTests
{
    [Theory]
    [InlineData(2, 1, 2)]   // ./runner train on the 2-core machine: a second core for a large network
    [InlineData(2, 2, 1)]   // a sweep with --jobs 2 there: one each
    [InlineData(16, 3, 5)]  // 16 cores, 3 trials at once
    [InlineData(1, 1, 1)]
    [InlineData(4, 8, 1)]   // more trials than cores: never below one
    [InlineData(2, 0, 2)]   // nothing left to run
    public void Cores_are_shared_among_the_trials_that_run_at_once(int processors, int trialsAtOnce, int expected) =>
        Assert.Equal(expected, TrialCores.For(processors, trialsAtOnce));
}
