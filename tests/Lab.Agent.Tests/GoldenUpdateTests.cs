using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// Golden test of the whole DQN update: sample from a replay of known transitions → Bellman targets →
/// MSE on the taken action → gradient → Adam, three rounds, against <see cref="ReferenceDqn"/> in float64.
/// The reference is given only the indices the sampler drew (so every sampled transition is checkable)
/// and the initial parameters; it computes targets, loss, gradient and Adam itself and carries its own
/// parameters and Adam state from round to round.
/// Tolerance (float32 against float64): targets and losses 1e-5 relative (+1e-6), parameters after each
/// round |θ − θ_ref| ≤ 1e-4·|θ_ref| + 1e-6.
/// </summary>
public sealed class GoldenUpdateTests
{
    private const int Batch = 6;
    private const float Gamma = 0.99f;
    private static readonly NetworkShape Shape = new(4, [8], 2, Activation.Relu);

    /// <summary>12 transitions with every field a formula of its index; every fourth is terminal.</summary>
    private static ReferenceDqn.Transition[] Transitions() =>
        Enumerable.Range(0, 12).Select(i => new ReferenceDqn.Transition(
            State: [F(0.1 * i - 0.5), F(Math.Sin(i)), F(0.3 * Math.Cos(2 * i)), F(0.05 * i)],
            Action: (i * 7) % 3 == 0 ? 0 : 1,
            Reward: i % 4 == 3 ? -1 : 1,
            Next: [F(0.1 * i - 0.45), F(Math.Sin(i + 0.5)), F(0.3 * Math.Cos(2 * i + 1)), F(0.05 * i - 0.02)],
            Terminal: i % 4 == 3)).ToArray();

    /// <summary>Known starting parameters: θ_i = 0.6·sin(1.3 i + 0.7) (online), 0.6·cos(0.9 i + 0.2) (separate target).</summary>
    private static float[] Parameters(Func<int, double> f) =>
        Enumerable.Range(0, Shape.ParameterCount).Select(i => (float)f(i)).ToArray();

    private static double F(double x) => (float)x; // the transition's values as float32 holds them

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Three_update_rounds_match_the_float64_reference(bool doubleDqn, bool separateTarget)
    {
        var transitions = Transitions();
        var settings = new OptimizerSettings(OptimizerKind.Adam, 0.01);
        var onlineStart = Parameters(i => 0.6 * Math.Sin(1.3 * i + 0.7));
        var targetStart = Parameters(i => 0.6 * Math.Cos(0.9 * i + 0.2));

        // Lab side: the trainer's own update (DqnUpdate, also what `runner bench` measures).
        var replay = new ReplayBuffer(transitions.Length, 4);
        foreach (var t in transitions)
            replay.Add(t.State.Select(x => (float)x).ToArray(), t.Action, (float)t.Reward,
                t.Next.Select(x => (float)x).ToArray(), t.Terminal);
        var online = new QNetwork(Shape, Batch, WeightInit.GlorotUniform, 1, settings, LossKind.Mse);
        onlineStart.CopyTo(online.Parameters);
        QNetwork? target = null;
        if (separateTarget)
        {
            target = new QNetwork(Shape, Batch, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
            targetStart.CopyTo(target.Parameters);
        }
        float[] states = [];
        int[] actions = [];
        bool[] terminal = [];
        var update = new DqnUpdate(online, target, replay, Batch, Gamma, doubleDqn)
        {
            Probe = new TrainerProbe
            {
                TrainStepping = (_, s, a, _, _, d, _) => (states, actions, terminal) = (s.ToArray(), a.ToArray(), d.ToArray()),
            },
        };
        var rng = RngModule.ForStream(5, "replay");

        // Reference side.
        var reference = new ReferenceDqn(Shape);
        var optimizer = new ReferenceDqn.Optimizer(settings, reference.ParameterCount);
        var theta = ReferenceDqn.ToDouble(onlineStart);
        var thetaTarget = ReferenceDqn.ToDouble(targetStart);
        var sampledTerminal = false;
        var doubleDiffers = false;

        for (var round = 1; round <= 3; round++)
        {
            var loss = update.Step(ref rng);
            var targets = update.LastTargets.ToArray();

            var batch = update.LastIndices.ToArray().Select(j => transitions[j]).ToArray();
            for (var i = 0; i < Batch; i++)
            {
                // The sampler's batch is exactly the transitions at the indices it reports.
                Assert.Equal(batch[i].State.Select(x => (float)x), states.AsSpan(4 * i, 4).ToArray());
                Assert.Equal(batch[i].Action, actions[i]);
                Assert.Equal(batch[i].Terminal, terminal[i]);
                sampledTerminal |= batch[i].Terminal;
            }

            var bootstrap = separateTarget ? thetaTarget : theta;
            var y = reference.Targets(Gamma, batch, theta, bootstrap, doubleDqn);
            var yOther = reference.Targets(Gamma, batch, theta, bootstrap, !doubleDqn);
            doubleDiffers |= y.Zip(yOther).Any(p => Math.Abs(p.First - p.Second) > 1e-3);
            for (var i = 0; i < Batch; i++)
                Assert.True(Math.Abs(targets[i] - y[i]) <= 1e-5 * Math.Abs(y[i]) + 1e-6,
                    $"round {round}, sample {i}: target {targets[i]}, reference {y[i]}");

            var (refLoss, gradient) = reference.LossAndGradient(theta, batch.Select(t => t.State).ToArray(),
                batch.Select(t => t.Action).ToArray(), y, LossKind.Mse);
            Assert.True(Math.Abs(loss - refLoss) <= 1e-5 * refLoss + 1e-6, $"round {round}: loss {loss}, reference {refLoss}");
            optimizer.Step(theta, gradient);

            for (var i = 0; i < theta.Length; i++)
                Assert.True(Math.Abs(online.Parameters[i] - theta[i]) <= 1e-4 * Math.Abs(theta[i]) + 1e-6,
                    $"round {round}, parameter {i}: {online.Parameters[i]}, reference {theta[i]}");
            // The separate target does not move during the rounds.
            if (target is not null) Assert.Equal(targetStart, target.Parameters);
        }

        Assert.True(sampledTerminal, "the batches include a terminal transition");
        // With one network double and vanilla DQN are the same rule; with two they must differ somewhere here.
        Assert.Equal(separateTarget, doubleDiffers);
    }
}
