using Lab.Core;
using Lab.Neural;
using Lab.Tests;

namespace Lab.Agent.Tests;

/// <summary>
/// One DQN update on networks whose Q values are known by construction: every weight zero, so with
/// ReLU hidden layers Q(s, ·) is the output bias for every state, and the targets and losses of a
/// batch can be worked out by hand.
/// </summary>
public sealed class DqnUpdateTests
{
    private const float Gamma = 0.9f;
    private static readonly NetworkShape Shape = new(4, [4], 2, Activation.Relu);

    /// <summary>A network with Q(s, ·) = (q0, q1) for every s.</summary>
    private static QNetwork Constant(float q0, float q1, bool trainable, int maxBatch = 8, LossKind loss = LossKind.Mse)
    {
        var net = new QNetwork(Shape, maxBatch, WeightInit.GlorotUniform, 1,
            trainable ? new OptimizerSettings(OptimizerKind.Sgd, 1e-3) : null, loss);
        Array.Clear(net.Parameters);
        (net.Parameters[^2], net.Parameters[^1]) = (q0, q1);
        return net;
    }

    /// <summary>Transition i: reward i, action 0, terminal when <paramref name="terminal"/> says so.</summary>
    private static ReplayBuffer Replay(int count, Func<int, bool> terminal)
    {
        var replay = new ReplayBuffer(capacity: 16, observationSize: 4);
        for (var i = 0; i < count; i++) replay.Add([i, 0, 0, 0], 0, i, [i, 1, 0, 0], terminal(i));
        return replay;
    }

    [Theory]
    // Target net Q(s') = (1, 3), online net Q(s') = (5, 0); γ = 0.9.
    [InlineData(true, false, 3f, false)]  // vanilla: max of the target's values, 3
    [InlineData(true, true, 1f, false)]   // double: the online net picks action 0, the target net values it at 1
    [InlineData(false, false, 5f, false)] // no target network: bootstrap from the online net's max, 5
    [InlineData(false, true, 5f, false)]  // no target network, double: the online net picks and values action 0, 5
    [InlineData(true, false, 3f, true)]   // as the first two, with the target network's pass on a second core
    [InlineData(true, true, 1f, true)]
    public void The_targets_are_the_reward_plus_gamma_times_the_bootstrapped_value(bool separateTarget, bool doubleDqn, float bootstrap, bool beside)
    {
        var online = Constant(5, 0, trainable: true);
        var target = separateTarget ? Constant(1, 3, trainable: false) : null;
        using var helper = beside ? new SecondCore() : null;
        var update = new DqnUpdate(online, target, Replay(6, _ => false), batchSize: 8, Gamma, doubleDqn, helper);

        var rng = RngModule.Create(3);
        update.Step(ref rng);

        for (var k = 0; k < 8; k++)
        {
            float reward = update.LastIndices[k]; // transition i has reward i
            Assert.Equal(reward + Gamma * bootstrap, update.LastTargets[k], 5);
        }
        Assert.Equal(beside ? 1 : 0, helper?.Passes ?? 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_the_target_pass_on_a_second_core_then_every_loss_and_parameter_is_one_threads_bit_for_bit(bool doubleDqn)
    {
        // CleanRL's net and batch: the trainer's case for a second core beside the update
        var shape = new NetworkShape(4, [120, 84], 2, Activation.Relu);
        var adam = new OptimizerSettings(OptimizerKind.Adam, 1e-3);
        (QNetwork Online, QNetwork Target, DqnUpdate Update) Build(SecondCore? helper)
        {
            var online = new QNetwork(shape, 128, WeightInit.GlorotUniform, 3, adam, LossKind.Mse);
            var target = new QNetwork(shape, 128, WeightInit.GlorotUniform, 4, null, LossKind.Mse);
            return (online, target, new DqnUpdate(online, target, RandomReplay(), 128, 0.99f, doubleDqn, helper));
        }
        using var helper = new SecondCore();
        var one = Build(null);
        var two = Build(helper);
        var (rngOne, rngTwo) = (RngModule.Create(8), RngModule.Create(8));

        for (var step = 0; step < 30; step++)
        {
            // a target sync midway, as the trainer does between updates
            if (step == 15)
            {
                one.Online.CopyParametersTo(one.Target);
                two.Online.CopyParametersTo(two.Target);
            }
            var lossOne = one.Update.Step(ref rngOne);
            var lossTwo = two.Update.Step(ref rngTwo);
            Assert.Equal(BitConverter.SingleToInt32Bits(lossOne), BitConverter.SingleToInt32Bits(lossTwo));
            Assert.Equal(one.Update.LastTargets.ToArray(), two.Update.LastTargets.ToArray());
        }

        Assert.Equal(one.Online.Parameters, two.Online.Parameters);
        Assert.Equal(30, helper.Passes);
    }

    [Fact]
    public void A_second_core_without_a_target_network_or_beside_networks_that_split_their_passes_is_refused()
    {
        using var helper = new SecondCore();
        Assert.Throws<ArgumentException>(() => new DqnUpdate(Constant(0, 0, true), null, Replay(4, _ => false), 8, Gamma, false, helper));
        var splitting = Constant(0, 0, true);
        splitting.Helper = helper;
        Assert.Throws<ArgumentException>(() => new DqnUpdate(splitting, Constant(0, 0, false), Replay(4, _ => false), 8, Gamma, false, helper));
        var splittingTarget = Constant(0, 0, false);
        splittingTarget.Helper = helper;
        Assert.Throws<ArgumentException>(() => new DqnUpdate(Constant(0, 0, true), splittingTarget, Replay(4, _ => false), 8, Gamma, false, helper));
    }

    [Theory]
    [InlineData(new[] { 120, 84 }, 128, true, SecondCoreUse.TargetPassBeside)] // CleanRL's net: 10,934 parameters × 128 = 1.4 M
    [InlineData(new[] { 120, 84 }, 128, false, SecondCoreUse.None)]            // no target network: nothing to put beside
    [InlineData(new[] { 64, 64 }, 1024, true, SecondCoreUse.SplitPasses)]      // 4,610 × 1,024 = 4.7 M, over the 4 M of HelperPays
    [InlineData(new[] { 64, 64 }, 1024, false, SecondCoreUse.SplitPasses)]
    public void A_second_core_splits_the_passes_of_large_networks_and_else_takes_the_target_pass(int[] hidden, int batch, bool targetNetwork, SecondCoreUse expected) =>
        Assert.Equal(expected, DqnUpdate.SecondCoreUseFor(new NetworkShape(4, hidden, 2, Activation.Relu), batch, targetNetwork));

    [Fact]
    public void A_second_core_is_given_to_both_networks_when_it_splits_their_passes_else_returned_for_the_target_pass()
    {
        using var helper = new SecondCore();
        QNetwork Net(int[] hidden, int batch, bool trainable) => new(new NetworkShape(4, hidden, 2, Activation.Relu), batch,
            WeightInit.GlorotUniform, 1, trainable ? new OptimizerSettings(OptimizerKind.Adam, 1e-3) : null, LossKind.Mse);

        var (online, target) = (Net([120, 84], 128, true), Net([120, 84], 128, false));
        Assert.Same(helper, DqnUpdate.GiveSecondCore(helper, online, target, 128));
        Assert.Null(online.Helper);
        Assert.Null(target.Helper);

        var (wide, wideTarget) = (Net([64, 64], 1024, true), Net([64, 64], 1024, false));
        Assert.Null(DqnUpdate.GiveSecondCore(helper, wide, wideTarget, 1024));
        Assert.Same(helper, wide.Helper);
        Assert.Same(helper, wideTarget.Helper);

        Assert.Null(DqnUpdate.GiveSecondCore(helper, Net([120, 84], 128, true), null, 128)); // nothing to put beside
        Assert.Null(DqnUpdate.GiveSecondCore(null, online, target, 128));
    }

    /// <summary>1,000 transitions with random states and rewards, 5% terminal.</summary>
    private static ReplayBuffer RandomReplay()
    {
        var replay = new ReplayBuffer(1000, 4);
        var random = new Random(5);
        float Next() => (float)(random.NextDouble() * 4 - 2);
        for (var i = 0; i < 1000; i++)
            replay.Add([Next(), Next(), Next(), Next()], i % 2, Next(), [Next(), Next(), Next(), Next()], random.NextDouble() < 0.05);
        return replay;
    }

    [Fact]
    public void A_terminal_transition_targets_its_reward_alone()
    {
        var update = new DqnUpdate(Constant(5, 0, true), Constant(1, 3, false), Replay(6, i => i % 2 == 1), 8, Gamma, false);

        var rng = RngModule.Create(4);
        update.Step(ref rng);

        for (var k = 0; k < 8; k++)
        {
            var i = update.LastIndices[k];
            Assert.Equal(i % 2 == 1 ? i : i + Gamma * 3, update.LastTargets[k], 5);
        }
    }

    [Theory]
    // Every transition terminal with reward 0..5, action 0, Q(s, 0) = 5: d = 5 − r.
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.Huber)]
    public void The_step_returns_the_mean_loss_on_the_taken_action_before_the_update(LossKind loss)
    {
        var online = Constant(5, 0, trainable: true, loss: loss);
        var update = new DqnUpdate(online, null, Replay(6, _ => true), batchSize: 8, Gamma, doubleDqn: false);

        var rng = RngModule.Create(5);
        var measured = update.Step(ref rng);

        var expected = 0.0;
        foreach (var i in update.LastIndices)
        {
            var d = 5.0 - i;
            expected += loss == LossKind.Mse ? d * d : Math.Abs(d) <= 1 ? d * d / 2 : Math.Abs(d) - 0.5;
        }
        Assert.Equal(expected / 8, measured, 5);
    }

    [Theory]
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.Huber)]
    public void Taken_q_is_the_batch_mean_of_q_of_the_taken_actions_before_the_update(LossKind loss)
    {
        // Hidden unit 0 = relu(s0), the others 0; Q(s, 0) = h0 and Q(s, 1) = 2·h0 + 1. Transition i has
        // s0 = i and action i % 2, so Q(s_i, a_i) = i for even i and 2i + 1 for odd i.
        var online = new QNetwork(Shape, 8, WeightInit.GlorotUniform, 1, new OptimizerSettings(OptimizerKind.Sgd, 0.1), loss);
        Array.Clear(online.Parameters);
        online.Parameters[0] = 1;  // W1[0, 0]
        online.Parameters[20] = 1; // W2[0, 0] (W2 starts after W1's 16 weights and b1's 4 biases)
        online.Parameters[21] = 2; // W2[0, 1]
        online.Parameters[29] = 1; // b2[1]
        var replay = new ReplayBuffer(capacity: 16, observationSize: 4);
        for (var i = 0; i < 6; i++) replay.Add([i, 0, 0, 0], i % 2, 0, [i, 0, 0, 0], terminal: true);
        var update = new DqnUpdate(online, null, replay, batchSize: 8, Gamma, doubleDqn: false);
        var before = online.Parameters.ToArray();
        Assert.True(float.IsNaN(update.LastTakenQ));

        var rng = RngModule.Create(11);
        update.Step(ref rng);

        var expected = update.LastIndices.ToArray().Average(i => i % 2 == 0 ? i : 2.0 * i + 1);
        Assert.Equal(expected, update.LastTakenQ, 5);
        // the targets are 0 and the learning rate large: the step moved the weights, so a value read after it would differ
        Assert.NotEqual(before, online.Parameters);
    }

    [Fact]
    public void Batches_are_drawn_from_the_filled_part_of_the_replay_and_the_generator_moves_on()
    {
        var update = new DqnUpdate(Constant(5, 0, true, maxBatch: 64), null, Replay(3, _ => false), 64, Gamma, false);

        var rng = RngModule.Create(6);
        update.Step(ref rng);
        var first = update.LastIndices.ToArray();
        update.Step(ref rng);

        Assert.All(first, i => Assert.InRange(i, 0, 2));
        Assert.Equal([0, 1, 2], first.Distinct().Order());
        Assert.NotEqual(first, update.LastIndices.ToArray());
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void A_step_allocates_nothing(bool separateTarget, bool doubleDqn)
    {
        var shape = new NetworkShape(4, [32, 16], 2, Activation.Relu);
        var adam = new OptimizerSettings(OptimizerKind.Adam, 1e-3);
        var online = new QNetwork(shape, 64, WeightInit.GlorotUniform, 1, adam, LossKind.Mse);
        var target = separateTarget ? new QNetwork(shape, 64, WeightInit.GlorotUniform, 2, null, LossKind.Mse) : null;
        var replay = new ReplayBuffer(1000, 4);
        for (var i = 0; i < 1000; i++) replay.Add([i * 1e-3f, 0, -i * 1e-3f, 0.5f], i % 2, 1, [i * 1e-3f, 0.1f, 0, 0], i % 50 == 0);
        var update = new DqnUpdate(online, target, replay, 64, 0.99f, doubleDqn);
        var rng = RngModule.Create(7);

        void Steps(int n)
        {
            for (var i = 0; i < n; i++) update.Step(ref rng);
        }

        Assert.Equal(0, SteadyState.BytesPerWindow(Steps, 200, 1000));
    }

    [Fact]
    public void A_batch_larger_than_the_networks_take_or_an_online_net_without_an_optimizer_is_refused()
    {
        var replay = Replay(4, _ => false);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DqnUpdate(Constant(0, 0, true, maxBatch: 8), null, replay, 9, Gamma, false));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new DqnUpdate(Constant(0, 0, true, maxBatch: 16), Constant(0, 0, false, maxBatch: 8), replay, 16, Gamma, false));
        Assert.Throws<ArgumentException>(() => new DqnUpdate(Constant(0, 0, false), null, replay, 8, Gamma, false));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    public void A_target_network_with_other_inputs_or_outputs_is_refused(int inputs, int outputs)
    {
        var other = new QNetwork(new NetworkShape(inputs, [4], outputs, Activation.Relu), 8, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        Assert.Throws<ArgumentException>(() => new DqnUpdate(Constant(0, 0, true), other, Replay(4, _ => false), 8, Gamma, false));
    }
}
