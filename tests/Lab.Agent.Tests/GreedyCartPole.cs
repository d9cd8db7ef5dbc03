using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// Greedy CartPole episodes played one at a time straight on Lab.Core's CartPole functions and a
/// network's batch-1 Predict: the independent reference the trainer's and the evaluator's episodes
/// are checked against.
/// </summary>
internal static class GreedyCartPole
{
    public sealed record Episode(double Return, int Length, bool Terminated, bool Truncated, double MaxQSum);

    /// <summary>CartPole-v1's physics with another step cap.</summary>
    public static CartPoleParams WithCap(int cap)
    {
        var v1 = CartPole.V1;
        return new CartPoleParams(v1.Gravity, v1.MassCart, v1.MassPole, v1.Length, v1.ForceMag, v1.Tau,
            v1.ThetaThresholdRadians, v1.XThreshold, cap);
    }

    /// <summary>Start states of consecutive resets from one generator, and the generator after them.</summary>
    public static (CartPoleState[] Starts, Rng Next) Starts(CartPoleParams parameters, Rng rng, int count)
    {
        var starts = new CartPoleState[count];
        for (var i = 0; i < count; i++) (starts[i], rng) = CartPole.Reset(parameters, rng);
        return (starts, rng);
    }

    /// <summary>One episode from <paramref name="start"/>, always taking argmax Q (the lowest index on a tie).</summary>
    public static Episode Play(QNetwork network, CartPoleParams parameters, CartPoleState start)
    {
        var observation = new float[4];
        var q = new float[2];
        var state = start;
        double total = 0, maxQSum = 0;
        var length = 0;
        while (true)
        {
            CartPole.Observe(state, observation);
            network.Predict(observation, 1, q);
            var action = q[1] > q[0] ? 1 : 0;
            maxQSum += q[action];
            var step = CartPole.Step(parameters, state, action);
            total += step.Reward;
            length++;
            state = step.State;
            if (step.Terminated || step.Truncated) return new Episode(total, length, step.Terminated, step.Truncated, maxQSum);
        }
    }
}
