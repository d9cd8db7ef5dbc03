using Lab.Runner.Execution;
using Xunit;

namespace Lab.Runner.Tests.Execution;

public sealed class SweepShardTests
{
    [Fact]
    public void Twelve_trials_in_four_shards_go_round_robin_by_index()
    {
        int[] Of(int shard) => Enumerable.Range(0, 12).Where(i => SweepShard.Owns(i, shard, 4)).ToArray();

        Assert.Equal([0, 4, 8], Of(0));
        Assert.Equal([1, 5, 9], Of(1));
        Assert.Equal([2, 6, 10], Of(2));
        Assert.Equal([3, 7, 11], Of(3));
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(12, 5)]
    [InlineData(3, 7)]
    public void Every_trial_is_in_exactly_one_shard(int trials, int shards)
    {
        for (var i = 0; i < trials; i++)
        {
            var trial = i;
            Assert.Single(Enumerable.Range(0, shards), s => SweepShard.Owns(trial, s, shards));
        }
    }
}
