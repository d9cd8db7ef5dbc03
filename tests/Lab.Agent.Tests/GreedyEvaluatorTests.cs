using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// GreedyEvaluator against episodes played one at a time (<see cref="GreedyCartPole"/>): the batched,
/// chunked evaluation must give each start of the seed's "eval" stream its own greedy episode.
/// </summary>
public sealed class GreedyEvaluatorTests
{
    private const int Cap = 60;
    private const long Seed = 5;

    /// <summary>
    /// A linear Q network with Q(s, 0) = 0 and Q(s, 1) = θ: push towards the side the pole leans. It
    /// balances the pole while the cart drifts off, so its episodes differ in length, some reach the cap.
    /// </summary>
    private static QNetwork LeanFollower(int maxBatch)
    {
        var network = new QNetwork(new NetworkShape(4, [], 2, Activation.Linear), maxBatch, WeightInit.GlorotUniform, 0, null, LossKind.Mse);
        Array.Clear(network.Parameters);
        network.Parameters[2 * 2 + 1] = 1; // W is inputs × outputs, row-major: θ (input 2) → Q(·, 1)
        return network;
    }

    [Theory]
    [InlineData(7, 3)]   // chunks of 3, 3 and 1 episodes
    [InlineData(6, 3)]   // two full chunks; an even count has a two-value median
    [InlineData(7, 64)]  // one chunk
    [InlineData(1, 1)]
    public void Each_episode_is_the_greedy_episode_from_its_start_in_the_eval_stream_whatever_the_batch(int episodes, int maxBatch)
    {
        var record = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), LeanFollower(maxBatch), episodes, Cap, Seed);

        var parameters = GreedyCartPole.WithCap(Cap);
        var (starts, _) = GreedyCartPole.Starts(parameters, RngModule.ForStream(Seed, "eval"), episodes);
        var played = starts.Select(s => GreedyCartPole.Play(LeanFollower(1), parameters, s)).ToArray();
        var returns = played.Select(p => p.Return).Order().ToArray();
        var mean = returns.Average();
        var median = episodes % 2 == 1 ? returns[episodes / 2] : (returns[episodes / 2 - 1] + returns[episodes / 2]) / 2;
        var capShare = played.Count(p => p.Truncated && !p.Terminated) / (double)episodes;
        Assert.Equal((0, 0L, episodes, Cap, mean, returns[0], returns[^1], median, capShare, 0L),
            (record.Episode, record.EnvSteps, record.Episodes, record.MaxSteps, record.Mean, record.Min, record.Max, record.Median,
                record.CapShare, record.UnixTimeMs));
        Assert.Equal(Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / episodes), record.Std, 12);
    }

    [Fact]
    public void The_lean_follower_gives_the_evaluation_tests_episodes_of_different_lengths_some_capped()
    {
        var record = GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), LeanFollower(8), 7, Cap, Seed);

        Assert.True(record.Min < record.Max);
        Assert.InRange(record.CapShare, 0.1, 0.9);
    }

    [Fact]
    public void A_cancelled_token_stops_the_evaluation()
    {
        Assert.Throws<OperationCanceledException>(() => GreedyEvaluator.Run(Environments.Create("CartPole-v1", 0), LeanFollower(8), 7,
            Cap, Seed, new CancellationToken(canceled: true)));
    }
}
