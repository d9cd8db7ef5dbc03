using System.Diagnostics;
using Lab.Agent;
using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Bench;

/// <summary>
/// Notebook 000's standard and MEGA tests on a dqn2-shaped network (4-32-16-8-4-2). The network's
/// weights encode a linear controller that balances the pole, so the episodes are as long as those of
/// a well-trained agent (the worst case for time), and the figures do not depend on a training run.
/// </summary>
internal static class EvaluationBenchmarks
{
    public static IEnumerable<BenchResult> Run(bool quick)
    {
        var env = Environments.Create("CartPole-v1", 0);
        var tests = quick
            ? new[] { ("standard test, 1,000 of 10,000 episodes × cap 500", 1_000, 500) }
            : new[] { ("`./runner eval --standard`: 10,000 episodes × cap 500", 10_000, 500),
                      ("`./runner eval --mega`: 10 episodes × cap 500,000", 10, 500_000) };
        foreach (var (name, episodes, cap) in tests)
        {
            var network = BalancingNetwork(Math.Min(episodes, 1024));
            var clock = Stopwatch.StartNew();
            var summary = GreedyEvaluator.Run(env, network, episodes, cap, seed: 1);
            var seconds = clock.Elapsed.TotalSeconds;
            var steps = summary.Mean * summary.Episodes;
            yield return new BenchResult(name, seconds, "s", quick ? null : 3.0, null,
                $"{steps / seconds:N0} env steps/s, mean return {summary.Mean:0.#}; PyTorch ~17,500 steps/s");
        }
    }

    /// <summary>
    /// A 4-32-16-8-4-2 ReLU network whose greedy action is 1 exactly when
    /// 0.1·x + 0.5·ẋ + 3·θ + θ̇ > 0: the first layer splits z into relu(z) and relu(−z), the hidden
    /// layers pass both on, and the output layer maps them to Q(1) and Q(0).
    /// </summary>
    public static QNetwork BalancingNetwork(int maxBatch)
    {
        int[] sizes = [4, 32, 16, 8, 4, 2];
        var network = new QNetwork(new NetworkShape(4, sizes[1..^1], 2, Activation.Relu), maxBatch,
            WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        var p = network.Parameters;
        Array.Clear(p);
        float[] controller = [0.1f, 0.5f, 3f, 1f];
        var offset = 0;
        for (var layer = 0; layer < sizes.Length - 1; layer++)
        {
            int inputs = sizes[layer], outputs = sizes[layer + 1];
            var w = p.AsSpan(offset, inputs * outputs); // W[k, j] at k·outputs + j; the biases after it stay zero
            if (layer == 0)
                for (var k = 0; k < inputs; k++) (w[k * outputs], w[k * outputs + 1]) = (controller[k], -controller[k]);
            else if (layer == sizes.Length - 2)
                (w[1 * outputs + 0], w[0 * outputs + 1]) = (1, 1); // Q(0) = relu(−z), Q(1) = relu(z)
            else
                (w[0 * outputs + 0], w[1 * outputs + 1]) = (1, 1);
            offset += inputs * outputs + outputs;
        }
        return network;
    }
}
