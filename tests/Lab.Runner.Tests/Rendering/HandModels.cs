using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Tests.Rendering;

/// <summary>
/// CartPole networks with weights set by hand (4 inputs, one linear hidden unit, 2 outputs), saved as
/// model.dqn without a config beside them (so taken as CartPole-v1, seed 1), and what the core says
/// their episodes do.
/// </summary>
internal static class HandModels
{
    /// <summary>Q(left) = 0, Q(right) = 1 everywhere: the agent always pushes right.</summary>
    public static string AlwaysRight(string directory) => Save(directory, [0, 0, 0, 0, 0, 0, 0, 0, 1]);

    /// <summary>
    /// Q(s, right) = 50 + 10·θ and Q(s, left) = 49 + 10·θ: the agent always pushes right, and its max Q
    /// falls as the pole leans left, which pushing right makes it do.
    /// </summary>
    public static string Tilting(string directory) => Save(directory, [0, 0, 1, 0, 0, 10, 10, 49, 50]);

    /// <summary>Q(s, left) = 0, Q(s, right) = θ + 0.5·θ̇: the CartPole teacher's rule, which balances the pole to the cap.</summary>
    public static string Balancing(string directory) => Save(directory, [0, 0, 1, 0.5f, 0, 0, 1, 0, 0]);

    /// <summary>Parameters layer by layer, W (inputs × outputs, row-major) then b: W1[4], b1[1], W2[2], b2[2].</summary>
    private static string Save(string directory, float[] parameters)
    {
        var network = new QNetwork(new NetworkShape(4, [1], 2, Activation.Linear), 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        parameters.CopyTo(network.Parameters, 0);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "model.dqn");
        network.Save(path);
        return path;
    }

    /// <summary>The CartPole-v1 start state of episode <paramref name="episode"/> (from 0) of the "eval" stream of <paramref name="seed"/>.</summary>
    public static CartPoleState Start(long seed, int episode)
    {
        var rng = RngModule.ForStream(unchecked((ulong)seed), "eval");
        CartPoleState state = default;
        for (var i = 0; i <= episode; i++) (state, rng) = CartPole.Reset(CartPole.V1, rng);
        return state;
    }

    /// <summary>Steps until pushing right from that start ends the episode.</summary>
    public static int AlwaysRightSteps(long seed, int episode)
    {
        var state = Start(seed, episode);
        for (var steps = 1; ; steps++)
        {
            var result = CartPole.Step(CartPole.V1, state, 1);
            if (result.Terminated || result.Truncated) return steps;
            state = result.State;
        }
    }
}
