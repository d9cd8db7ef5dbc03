using Lab.Core;
using Lab.Neural;

namespace Lab.Agent.Tests;

/// <summary>
/// Options that act inside the network: loss, optimizer kind and hyperparameters, clip_norm, activation,
/// init. Every gradient step of a short run is replayed on <see cref="ReferenceDqn"/> (float64, from the
/// published formulas) starting from the trainer's parameters before the step: the loss it returns, the
/// gradient it applied, and the parameters after the optimizer step must match the reference given the
/// config's settings. An option that is ignored or misread makes one of the three differ.
/// </summary>
public sealed class NetworkOptionTests
{
    public sealed record Case(string Name, OptimizerSettings Optimizer, LossKind Loss, Activation Activation)
    {
        public override string ToString() => Name;
    }

    // Hyperparameters far from the defaults, so reading a default instead shows.
    public static TheoryData<Case> Cases => new()
    {
        new("adam lr 0.01 beta1 0.5 beta2 0.9 eps 1e-3, mse, relu",
            new OptimizerSettings(OptimizerKind.Adam, 0.01, Beta1: 0.5, Beta2: 0.9, Epsilon: 1e-3), LossKind.Mse, Activation.Relu),
        new("adam defaults, huber, tanh", Configs.DefaultOptimizer, LossKind.Huber, Activation.Tanh),
        new("rmsprop lr 0.01 rho 0.5 momentum 0.5 eps 0.1, mse, relu",
            new OptimizerSettings(OptimizerKind.RmsProp, 0.01, Epsilon: 0.1, Rho: 0.5, Momentum: 0.5), LossKind.Mse, Activation.Relu),
        new("rmsprop lr 0.005 rho 0.8 eps 1e-7 clip 0.1, huber, tanh",
            new OptimizerSettings(OptimizerKind.RmsProp, 0.005, Rho: 0.8, ClipNorm: 0.1), LossKind.Huber, Activation.Tanh),
        new("sgd lr 0.05 momentum 0.5, huber, linear",
            new OptimizerSettings(OptimizerKind.Sgd, 0.05, Momentum: 0.5), LossKind.Huber, Activation.Linear),
        new("sgd lr 0.05 clip 0.05, mse, relu",
            new OptimizerSettings(OptimizerKind.Sgd, 0.05, ClipNorm: 0.05), LossKind.Mse, Activation.Relu),
        new("adam lr 0.003 clip 0.02, mse, linear",
            new OptimizerSettings(OptimizerKind.Adam, 0.003, ClipNorm: 0.02), LossKind.Mse, Activation.Linear),
    };

    private static TrainConfig ConfigFor(Case c) =>
        Configs.WithActivation(Configs.WithLoss(Configs.WithOptimizer(Configs.WithHidden(Configs.Tiny(), 8, 6), c.Optimizer),
            c.Loss), c.Activation) with { Episodes = 8 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_network_is_built_with_the_configured_shape_loss_and_optimizer_settings(Case c)
    {
        var run = TrialRun.Of(ConfigFor(c));
        Assert.Equal(new NetworkShape(4, [8, 6], 2, c.Activation), run.Result.Network.Shape);
        Assert.Equal(c.Loss, run.Result.Network.Loss);
        Assert.Equal(c.Optimizer, run.Result.Network.Optimizer);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_gradient_step_is_the_reference_step_of_the_configured_loss_activation_optimizer_and_clip(Case c)
    {
        var reference = new ReferenceDqn(new NetworkShape(4, [8, 6], 2, c.Activation));
        var optimizer = new ReferenceDqn.Optimizer(c.Optimizer, reference.ParameterCount);
        QNetwork? online = null;
        double[]? before = null;
        double[][]? states = null;
        int[]? actions = null;
        double[]? targets = null;
        var steps = 0;
        var clipped = 0;
        var probe = new TrainerProbe
        {
            Built = (o, _, _) => online = o,
            TrainStepping = (_, s, a, _, _, _, y) =>
            {
                before = ReferenceDqn.ToDouble(online!.Parameters);
                states = Enumerable.Range(0, a.Length).Select(i => ReferenceDqn.ToDouble(s.AsSpan(4 * i, 4))).ToArray();
                actions = a.ToArray();
                targets = ReferenceDqn.ToDouble(y);
            },
            TrainStepped = loss =>
            {
                steps++;
                var (refLoss, gradient) = reference.LossAndGradient(before!, states!, actions!, targets!, c.Loss);
                Assert.True(Math.Abs(loss - refLoss) <= 1e-5 * Math.Abs(refLoss) + 1e-7,
                    $"step {steps}: loss {loss}, reference {refLoss}");

                var norm = Math.Sqrt(gradient.Sum(x => x * x));
                if (c.Optimizer.ClipNorm is { } clip && norm > clip) clipped++;
                ReferenceDqn.ClipByGlobalNorm(gradient, c.Optimizer.ClipNorm);
                var scale = gradient.Max(Math.Abs);
                for (var i = 0; i < gradient.Length; i++)
                    Assert.True(Math.Abs(online!.Gradients[i] - gradient[i]) <= 1e-4 * scale + 1e-9,
                        $"step {steps}, gradient {i}: {online.Gradients[i]}, reference {gradient[i]}");

                // The optimizer from the same (clipped) gradient the network applied.
                var expected = (double[])before!.Clone();
                optimizer.Step(expected, ReferenceDqn.ToDouble(online!.Gradients));
                for (var i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(online.Parameters[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]) + 1e-7,
                        $"step {steps}, parameter {i}: {online.Parameters[i]}, reference {expected[i]} (before {before[i]})");
            },
        };
        TrialRun.Of(ConfigFor(c), probe);

        Assert.True(steps >= 20, $"only {steps} steps");
        if (c.Optimizer.ClipNorm is not null) Assert.True(clipped > 0, "the clip norm never bit: the test could not see it");
    }

    [Fact]
    public void Glorot_uniform_init_draws_each_weight_from_U_minus_limit_limit_of_the_seed_init_stream()
    {
        var initial = InitialParameters(Configs.WithInit(Configs.WithHidden(Configs.Tiny(), 8, 6), WeightInit.GlorotUniform));
        var rng = RngModule.ForStream(unchecked((ulong)Configs.Tiny().Seed), "init");
        Assert.Equal(ExpectedInit(rng, (fanIn, fanOut, r) =>
        {
            var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            var (u, next) = RngModule.NextUniform(-limit, limit, r);
            return (u, next);
        }), initial);
    }

    [Theory]
    [InlineData(0.35)]
    [InlineData(0.01)]
    public void Normal_init_draws_each_weight_as_init_stddev_times_a_standard_normal(double stddev)
    {
        var initial = InitialParameters(Configs.WithInit(Configs.WithHidden(Configs.Tiny(), 8, 6), WeightInit.Normal(stddev)));
        var rng = RngModule.ForStream(unchecked((ulong)Configs.Tiny().Seed), "init");
        Assert.Equal(ExpectedInit(rng, (_, _, r) =>
        {
            var (z, next) = RngModule.NextNormal(r);
            return (stddev * z, next);
        }), initial);
    }

    private static float[] InitialParameters(TrainConfig config)
    {
        float[]? initial = null;
        TrialRun.Of(config with { Episodes = 1 }, new TrainerProbe { Built = (o, _, _) => initial = o.Parameters.ToArray() });
        return initial!;
    }

    /// <summary>The documented init for 4-8-6-2: per layer, each weight in storage order from one stream; biases 0.</summary>
    private static float[] ExpectedInit(Rng rng, Func<int, int, Rng, (double, Rng)> draw)
    {
        int[] sizes = [4, 8, 6, 2];
        var result = new List<float>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            for (var i = 0; i < sizes[l] * sizes[l + 1]; i++)
            {
                (var w, rng) = draw(sizes[l], sizes[l + 1], rng);
                result.Add((float)w);
            }

            result.AddRange(new float[sizes[l + 1]]);
        }

        return result.ToArray();
    }
}
