using System.Globalization;
using Lab.Agent;
using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Bench;

/// <summary>
/// Lab.Neural's figures (issues 6 and 17), single thread, measured after a warm-up, the
/// way the trainer runs them: one-state Predict (acting) of notebook 000's and CleanRL's nets, and the trainer's own update
/// (<see cref="DqnUpdate"/>: replay sampling, Predict s' on the target net (and the online net for
/// double DQN), Bellman targets, TrainStep with Adam) for notebook 000's double-DQN net and CleanRL's
/// DQN net, and the bytes allocated per update. Each rate is shown beside the FLOP-bound limit of one
/// core (which counts the network's arithmetic only, not the sampling).
/// </summary>
internal static class NeuralBenchmarks
{
    /// <summary>Transitions in the replay memory the update benchmarks sample from.</summary>
    private const int ReplayCapacity = 10_000;

    private const int Rounds = 10;

    private static readonly NetworkShape Dqn2 = new(4, [32, 16, 8, 4], 2, Activation.Relu);
    private static readonly NetworkShape CleanRl = new(4, [120, 84], 2, Activation.Relu);
    private static readonly NetworkShape RlZoo = new(4, [256, 256], 2, Activation.Relu);

    public static IEnumerable<BenchResult> Run(bool quick)
    {
        var seconds = quick ? 0.2 : 1.0;
        var (peak, clock, lanes) = FmaPeak.Measure();
        yield return new BenchResult("float32 FMA peak, one core", peak / 1e9, "GFLOP/s", null, null, string.Create(CultureInfo.InvariantCulture,
            $"12 independent {lanes}-lane FMA chains; {peak / clock:0} FLOP/cycle at {clock / 1e9:0.00} GHz (a dependent add chain); {ThreadClock.Kind}"));

        yield return OneStatePredict(Dqn2, 2_000_000, seconds, peak);

        foreach (var batch in new[] { 64, 512 })
        {
            var rate = MeasureUpdates(Dqn2, batch, doubleDqn: true, seconds);
            var flops = UpdateFlops(Dqn2, batch, doubleDqn: true);
            yield return new BenchResult($"double-DQN update, {Name(Dqn2)}, batch {batch}", rate.Best, "updates/s",
                batch == 512 ? 7_000 : null, peak / flops, Note(flops, rate, peak));
        }

        foreach (var (shape, batch, target) in new[] { (CleanRl, 128, 4_000), (RlZoo, 512, 0) })
        {
            var rate = MeasureUpdates(shape, batch, doubleDqn: false, seconds);
            var flops = UpdateFlops(shape, batch, doubleDqn: false);
            yield return new BenchResult($"DQN update, {Name(shape)}, batch {batch}", rate.Best, "updates/s", target > 0 ? target : null,
                peak / flops, Note(flops, rate, peak));
        }

        // CleanRL's acting, 500,000 of these a run; after the updates, since with it before them the dqn2
        // update rows read up to 30% lower in two runs (cause not found; docs/BENCHMARKS.md)
        yield return OneStatePredict(CleanRl, null, seconds, peak);

        var updates = quick ? 1_000 : 10_000;
        yield return new BenchResult("allocation per double-DQN update (batch 64)", AllocatedPerUpdate(Dqn2, 64, updates),
            "bytes/update", 0, null, $"GC.GetAllocatedBytesForCurrentThread around {updates:N0} updates");
    }

    private static BenchResult OneStatePredict(NetworkShape shape, double? target, double seconds, double peak)
    {
        var predict = MeasurePredict(shape, seconds);
        var flops = 2.0 * ForwardMacs(shape);
        return new BenchResult($"one-state Predict, {Name(shape)}", predict.Best, "predictions/s", target, peak / flops,
            string.Create(CultureInfo.InvariantCulture, $"{flops:N0} FLOP each; {Spread(predict)}"));
    }

    /// <summary>Multiply-adds of one forward pass for one sample: Σ in·out.</summary>
    public static long ForwardMacs(NetworkShape shape)
    {
        var sizes = shape.LayerSizes();
        long macs = 0;
        for (var l = 0; l + 1 < sizes.Length; l++) macs += (long)sizes[l] * sizes[l + 1];
        return macs;
    }

    /// <summary>
    /// FLOPs of one update (2 per multiply-add): the forward passes (3 for double DQN: s' online,
    /// s' target, s; 2 for DQN), and the backward pass (weight gradients, Σ in·out, plus gradients
    /// to the layers below, Σ in·out without the first layer's). Bias, activation, loss and optimizer
    /// work is linear in the layer widths and not counted.
    /// </summary>
    public static double UpdateFlops(NetworkShape shape, int batch, bool doubleDqn)
    {
        var forward = ForwardMacs(shape);
        var sizes = shape.LayerSizes();
        var backward = 2 * forward - (long)sizes[0] * sizes[1];
        return 2.0 * batch * ((doubleDqn ? 3 : 2) * forward + backward);
    }

    private static string Name(NetworkShape shape) => string.Join('-', shape.LayerSizes());

    private static string Note(double flops, (double Best, double Median) rate, double peak) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{flops / 1e6:0.00} MFLOP/update, {flops * rate.Best / 1e9:0.0} GFLOP/s = {100 * flops * rate.Best / peak:0}% of the FMA peak, {Kernels} kernels; {Spread(rate)}");

    /// <summary>The instruction set Lab.Neural's kernels use on this machine.</summary>
    private static string Kernels => new QNetwork(Dqn2, 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse).KernelSet;

    private static string Spread((double Best, double Median) rate) =>
        string.Create(CultureInfo.InvariantCulture, $"best of {Rounds} rounds, median {rate.Median:N0}/s");

    private static (double Best, double Median) MeasurePredict(NetworkShape shape, double seconds)
    {
        var net = new QNetwork(shape, 1, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        var states = RandomStates(shape.Inputs, 256, 7);
        var q = new float[shape.Outputs];
        var sink = 0f;
        void Loop(int n)
        {
            for (var i = 0; i < n; i++)
            {
                net.Predict(states.AsSpan((i & 255) * shape.Inputs, shape.Inputs), 1, q);
                sink += q[0];
            }
        }

        var rate = Measure(Loop, seconds, 4096);
        GC.KeepAlive(sink);
        return rate;
    }

    private static (double Best, double Median) MeasureUpdates(NetworkShape shape, int batch, bool doubleDqn, double seconds)
    {
        var update = UpdateLoop(shape, batch, doubleDqn);
        return Measure(update, seconds, 16);
    }

    private static double AllocatedPerUpdate(NetworkShape shape, int batch, int updates)
    {
        var update = UpdateLoop(shape, batch, doubleDqn: true);
        update(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        update(updates);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)updates;
    }

    /// <summary>
    /// n updates as the trainer does them: <see cref="DqnUpdate.Step"/>, replay sampling included, from
    /// <see cref="FullReplay"/>; with <paramref name="helper"/>, on two threads as a trial with two cores
    /// uses them (<see cref="DqnUpdate.SecondCoreUseFor"/>).
    /// </summary>
    internal static Action<int> UpdateLoop(NetworkShape shape, int batch, bool doubleDqn, SecondCore? helper = null)
    {
        var adam = new OptimizerSettings(OptimizerKind.Adam, 1e-3);
        var online = new QNetwork(shape, batch, WeightInit.GlorotUniform, 1, adam, LossKind.Mse);
        var target = new QNetwork(shape, batch, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        online.CopyParametersTo(target);
        var beside = DqnUpdate.GiveSecondCore(helper, online, target, batch);
        var update = new DqnUpdate(online, target, FullReplay(shape.Inputs, shape.Outputs), batch, 0.99f, doubleDqn, beside);
        var replayRng = ReplayRng;
        return n =>
        {
            for (var i = 0; i < n; i++) update.Step(ref replayRng);
        };
    }

    /// <summary>The generator the update benchmarks draw their batches from.</summary>
    internal static Rng ReplayRng => RngModule.ForStream(13, "replay");

    /// <summary>A full replay memory of <see cref="ReplayCapacity"/> random transitions (CleanRL's buffer size), 5% terminal.</summary>
    internal static ReplayBuffer FullReplay(int ins, int outs)
    {
        var states = RandomStates(ins, ReplayCapacity, 11);
        var next = RandomStates(ins, ReplayCapacity, 12);
        var replay = new ReplayBuffer(ReplayCapacity, ins);
        var rng = RngModule.ForStream(13, "bench");
        for (var i = 0; i < ReplayCapacity; i++)
        {
            int action;
            double u;
            (action, rng) = RngModule.NextInt(outs, rng);
            (u, rng) = RngModule.NextDouble(rng);
            replay.Add(states.AsSpan(i * ins, ins), action, 1f, next.AsSpan(i * ins, ins), u < 0.05);
        }

        return replay;
    }

    /// <summary>
    /// Warms up for a quarter of the time, then runs <see cref="Rounds"/> rounds, each of as many
    /// chunks of <paramref name="chunk"/> operations as fit in its share of the time. Returns the
    /// best round's rate (other processes on a shared machine only ever slow a round down) and the
    /// median round's.
    /// </summary>
    private static (double Best, double Median) Measure(Action<int> loop, double seconds, int chunk)
    {
        var warm = ThreadClock.Seconds();
        while (ThreadClock.Seconds() - warm < seconds / 4) loop(chunk);
        var rates = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            long done = 0;
            var start = ThreadClock.Seconds();
            double elapsed;
            while ((elapsed = ThreadClock.Seconds() - start) < seconds / Rounds)
            {
                loop(chunk);
                done += chunk;
            }

            rates[round] = done / elapsed;
        }

        Array.Sort(rates);
        return (rates[^1], rates[Rounds / 2]);
    }

    /// <summary>CartPole-like states: uniform in [−1, 1), from the Rng stream (seed, "bench-states").</summary>
    private static float[] RandomStates(int inputs, int count, ulong seed)
    {
        var values = new float[inputs * count];
        var rng = RngModule.ForStream(seed, "bench-states");
        for (var i = 0; i < values.Length; i++)
        {
            double u;
            (u, rng) = RngModule.NextUniform(-1.0, 1.0, rng);
            values[i] = (float)u;
        }

        return values;
    }
}
