using System.Runtime.CompilerServices;
using Lab.Core;
using Lab.Neural.Kernels;

namespace Lab.Neural;

/// <summary>
/// A multi-layer perceptron Q-network in float32. All weights and biases live in one flat
/// <see cref="Parameters"/> vector (layer by layer: W as in×out row-major, then b), gradients in
/// <see cref="Gradients"/> of the same length. Activations are kept feature-major (a layer's units
/// in rows, the batch in the lanes) in buffers sized for <see cref="MaxBatch"/>, allocated once:
/// <see cref="Predict"/> and <see cref="TrainStep"/> allocate nothing. Not thread-safe: one
/// network per thread (a <see cref="Helper"/> takes half of its large passes while the caller
/// waits). Parameters are exchanged (copy, soft update) only between QNetworks of the same shape.
/// See docs/NEURAL.md.
/// </summary>
public sealed unsafe class QNetwork
{
    /// <summary>The largest batch a network can be built for.</summary>
    public const int MaxBatchLimit = 1 << 20;

    private readonly int[] sizes;
    private readonly int layerCount;
    private readonly int[] weightOffset;
    private readonly int[] biasOffset;
    private readonly float* p;
    private readonly float* g;
    private readonly float*[] act;
    private readonly float*[] delta;
    private readonly float* rowA;
    private readonly float* rowB;
    private readonly float* work;
    private readonly int workSize;
    private float* helperWork;
    private SecondCore? helper;
    private Halves? halves;
    private SplitPass pending;
    private int pendingLd;
    private int pendingLayer;
    private readonly Epilogue hiddenForward;
    private readonly Epilogue hiddenBackward;
    private readonly OptimizerState? optimizer;
    private readonly LossKind loss;
    private readonly List<float[]> keepAlive = [];
    private KernelPath path;
    private float lastTakenQ = float.NaN;
    /// <summary>The batch of the forward pass kept for TrainOnForward; 0 when there is none.</summary>
    private int forwardBatch;

    /// <summary>
    /// A new network with weights drawn by <paramref name="init"/> from the Lab.Core.Rng stream
    /// (<paramref name="seed"/>, "init") and zero biases. <paramref name="optimizer"/> null makes an
    /// inference-only network (a target or evaluation network): it can predict, copy and be copied
    /// into, but not train.
    /// </summary>
    public QNetwork(NetworkShape shape, int maxBatch, WeightInit init, ulong seed, OptimizerSettings? optimizer, LossKind loss)
        : this(shape, maxBatch, optimizer, loss)
    {
        ArgumentNullException.ThrowIfNull(init);
        Initialize(init, seed);
    }

    private QNetwork(NetworkShape shape, int maxBatch, OptimizerSettings? optimizerSettings, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (maxBatch < 1 || maxBatch > MaxBatchLimit)
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"the largest batch must be in [1, {MaxBatchLimit}]");
        if (!Enum.IsDefined(loss)) throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss");

        Shape = shape;
        MaxBatch = maxBatch;
        this.loss = loss;
        sizes = shape.LayerSizes();
        layerCount = sizes.Length - 1;
        weightOffset = new int[layerCount];
        biasOffset = new int[layerCount];
        var offset = 0;
        for (var l = 0; l < layerCount; l++)
        {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }

        ParameterCount = shape.ParameterCount;
        Parameters = GC.AllocateArray<float>(ParameterCount, pinned: true);
        Gradients = GC.AllocateArray<float>(ParameterCount, pinned: true);
        p = Pinned.Address(Parameters);
        g = Pinned.Address(Gradients);

        (hiddenForward, hiddenBackward) = shape.Activation switch
        {
            Activation.Relu => (Epilogue.Relu, Epilogue.ReluBackward),
            Activation.Tanh => (Epilogue.Tanh, Epilogue.TanhBackward),
            _ => (Epilogue.None, Epilogue.None),
        };

        var ld = RoundUp16(maxBatch);
        act = new float*[layerCount + 1];
        for (var l = 0; l <= layerCount; l++) act[l] = Allocate(checked(sizes[l] * ld));
        delta = new float*[layerCount + 1];
        if (optimizerSettings is not null)
        {
            for (var l = 1; l <= layerCount; l++) delta[l] = Allocate(checked(sizes[l] * ld));
            optimizer = new OptimizerState(optimizerSettings, ParameterCount);
        }

        // padded to whole 16-lane vectors: RowKernel stores a layer's last chain unmasked
        var widest = RoundUp16(sizes.Max());
        rowA = Allocate(widest);
        rowB = Allocate(widest);
        if (maxBatch >= 16)
        {
            // Room to pack the largest product: a layer's forward (outs × ins) or backward (ins × outs).
            workSize = Kernels<LScalar>.GradWorkSize;
            for (var l = 0; l < layerCount; l++)
                workSize = Math.Max(workSize, Math.Max(Kernels<LScalar>.WorkSize(sizes[l + 1], sizes[l]), Kernels<LScalar>.WorkSize(sizes[l], sizes[l + 1])));
            work = Allocate(workSize);
        }
        Path = KernelPaths.Best;
    }

    /// <summary>
    /// A second thread that takes half of every batched pass (<see cref="SecondCore"/>); null (the
    /// default): this thread alone. Results are bit-identical either way. Setting it allocates the
    /// helper's work space once.
    /// </summary>
    public SecondCore? Helper
    {
        get => helper;
        set
        {
            if (value is not null && helperWork == null && work != null) helperWork = Allocate(workSize);
            if (value is not null) halves ??= new Halves(this);
            helper = value;
        }
    }

    /// <summary>
    /// Whether a <see cref="Helper"/> pays for a network of this shape trained at this batch: from
    /// 4 million multiply-adds per batched forward pass (parameters × batch). Measured on the Xeon of
    /// docs/BENCHMARKS.md: 4-64-64-2 × 2,048 (9.4 M) and larger gain 1.3–2.4×; the CleanRL net × 128
    /// (1.4 M) and smaller gain nothing or lose, as each half then waits for the weights and
    /// activations the other core last wrote.
    /// </summary>
    public static bool HelperPays(NetworkShape shape, int batch)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return (long)shape.ParameterCount * batch >= HelperPaysFrom;
    }

    private const long HelperPaysFrom = 4_000_000;

    /// <summary>The layer sizes and activation.</summary>
    public NetworkShape Shape { get; }

    /// <summary>The largest batch that <see cref="Predict"/> and <see cref="TrainStep"/> accept.</summary>
    public int MaxBatch { get; }

    /// <summary>The number of weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// Weights and biases, layer by layer from the input side: W (in×out, row-major: W[k, j] at
    /// k·out + j, Keras' kernel layout), then b (out). Writable: changes take effect at the next call.
    /// </summary>
    public float[] Parameters { get; }

    /// <summary>The gradient applied by the last <see cref="TrainStep"/> (after clipping), same layout as <see cref="Parameters"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>The optimizer settings, or null for an inference-only network.</summary>
    public OptimizerSettings? Optimizer => optimizer?.Settings;

    /// <summary>The loss <see cref="TrainStep"/> minimizes.</summary>
    public LossKind Loss => loss;

    /// <summary>
    /// The mean over the last <see cref="TrainStep"/>'s batch of Q(s_i, a_i) for the actions it was given,
    /// from that step's forward pass (before the update): CleanRL's <c>old_val.mean()</c>. NaN before the first step.
    /// </summary>
    public float LastTakenQ => lastTakenQ;

    /// <summary>Optimizer steps taken since construction.</summary>
    public long Steps => optimizer?.Steps ?? 0;

    /// <summary>Which kernels run: "AVX-512", "AVX2", "Vector128" (NEON or FMA3) or "scalar". All give the same bits.</summary>
    public string KernelSet => Path switch
    {
        KernelPath.Avx512 => "AVX-512",
        KernelPath.Avx2 => "AVX2",
        KernelPath.Vector128 => "Vector128",
        _ => "scalar",
    };

    /// <summary>Which kernels run (the fastest this machine supports); tests switch it to check that every path gives the same bits.</summary>
    internal KernelPath Path
    {
        get => path;
        set => path = KernelPaths.IsSupported(value) ? value : throw new PlatformNotSupportedException($"the {value} kernels need instructions this machine lacks");
    }

    /// <summary>
    /// Q values for <paramref name="batch"/> states (row-major, batch × Inputs) into
    /// <paramref name="q"/> (row-major, batch × Outputs). Row i of the result does not depend on the
    /// other rows, the batch size or the machine: it is bit for bit the same as predicting row i alone.
    /// </summary>
    public void Predict(ReadOnlySpan<float> states, int batch, Span<float> q)
    {
        CheckBatch(batch);
        var ins = sizes[0];
        var outs = sizes[layerCount];
        if (states.Length < (long)batch * ins)
            throw new ArgumentException($"states holds {states.Length} values, fewer than batch {batch} × {ins} inputs", nameof(states));
        if (q.Length < (long)batch * outs)
            throw new ArgumentException($"q holds {q.Length} values, fewer than batch {batch} × {outs} outputs", nameof(q));

        fixed (float* s = states)
        fixed (float* dst = q)
        {
            if (batch == 1)
            {
                PredictRow(s, dst);
                return;
            }

            var ld = RoundUp16(batch);
            forwardBatch = 0;
            LoadStates(s, batch, ld);
            Forward(ld);
            Transpose.ToRows(act[layerCount], batch, outs, dst, ld);
        }
    }

    /// <summary>
    /// One optimizer step: forward, loss on q[i, actions[i]] against targets[i], backward, optional
    /// clipping, update. Returns the mean loss over the batch (before the update). The same as
    /// <see cref="ForwardForTraining"/> then <see cref="TrainOnForward"/>.
    /// </summary>
    public float TrainStep(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        ForwardForTraining(states, batch);
        return TrainOnForward(actions, targets, batch);
    }

    /// <summary>
    /// The first part of <see cref="TrainStep"/>: the forward pass of <paramref name="states"/>, kept for
    /// the backward pass. The targets are needed only after it, so the passes that compute them (another
    /// network's) can run meanwhile on another thread. A batched <see cref="Predict"/> in between
    /// overwrites what is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardForTraining(ReadOnlySpan<float> states, int batch)
    {
        if (optimizer is null)
            throw new InvalidOperationException("this network was built without an optimizer (a target or evaluation network) and cannot train");
        CheckBatch(batch);
        if (states.Length < (long)batch * sizes[0])
            throw new ArgumentException($"states holds {states.Length} values, fewer than batch {batch} × {sizes[0]} inputs", nameof(states));
        var ld = RoundUp16(batch);
        fixed (float* s = states)
        {
            LoadStates(s, batch, ld);
        }

        Forward(ld);
        forwardBatch = batch;
    }

    /// <summary>
    /// The rest of <see cref="TrainStep"/> after <see cref="ForwardForTraining"/> of the same batch: loss
    /// against <paramref name="targets"/>, backward, optional clipping, update. Returns the mean loss.
    /// </summary>
    public float TrainOnForward(ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        var result = BackwardFromForward(actions, targets, batch);
        switch (Path)
        {
            case KernelPath.Avx512: optimizer!.Prepare<L512>(Gradients); break;
            case KernelPath.Avx2: optimizer!.Prepare<L256x2>(Gradients); break;
            case KernelPath.Vector128: optimizer!.Prepare<L128x4>(Gradients); break;
            default: optimizer!.Prepare<LScalar>(Gradients); break;
        }

        if (helper is not null && ParameterCount >= SplitParametersFrom) RunSplit(SplitPass.Optimize, 0, 0);
        else Optimize(0, ParameterCount);
        return result;
    }

    /// <summary>Loss and backward into <see cref="Gradients"/> from the kept forward pass, without an update; returns the mean loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float BackwardFromForward(ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        if (forwardBatch != batch)
            throw new InvalidOperationException(forwardBatch == 0
                ? "no forward pass to train on: call ForwardForTraining first (a batched Predict since then overwrote it)"
                : $"the kept forward pass is of {forwardBatch} states, not {batch}");
        forwardBatch = 0;
        if (actions.Length < batch)
            throw new ArgumentException($"actions holds {actions.Length} values, fewer than batch {batch}", nameof(actions));
        if (targets.Length < batch)
            throw new ArgumentException($"targets holds {targets.Length} values, fewer than batch {batch}", nameof(targets));
        var outs = sizes[layerCount];
        for (var i = 0; i < batch; i++)
            if ((uint)actions[i] >= (uint)outs)
                throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"action {i} is outside [0, {outs})");

        var ld = RoundUp16(batch);
        var meanLoss = OutputGradient(actions, targets, batch, ld);
        for (var l = layerCount - 1; l >= 0; l--)
        {
            if (Splits(ld)) RunSplit(SplitPass.Backward, ld, l);
            else BackwardLayer(l, ld, -1);
        }

        return meanLoss;
    }

    /// <summary>The parameters from which the optimizer's pass is split between two threads.</summary>
    private const int SplitParametersFrom = 4096;

    /// <summary>What a split pass computes; its two halves run at once, one on the <see cref="Helper"/>.</summary>
    private enum SplitPass { Forward, Backward, Optimize }

    /// <summary>Whether a batched pass of ld columns is split: with a helper, from 64 columns (32 samples a half).</summary>
    private bool Splits(int ld) => helper is not null && ld >= 64;

    /// <summary>Where the second half of n columns or parameters starts: half of n, rounded down to a multiple of 16 (whole vectors on either side).</summary>
    private static int Middle(int n) => n / 32 * 16;

    private void RunSplit(SplitPass pass, int ld, int layer)
    {
        (pending, pendingLd, pendingLayer) = (pass, ld, layer);
        helper!.Run(halves!);
    }

    /// <summary>The pending split pass as the helper sees it (kept out of QNetwork's public surface).</summary>
    private sealed class Halves(QNetwork network) : IHalves
    {
        public void RunHalf(int half) => network.RunHalf(half);
    }

    private void RunHalf(int half)
    {
        var space = half == 0 ? work : helperWork;
        var ld = pendingLd;
        switch (pending)
        {
            case SplitPass.Forward:
                var split = Middle(ld);
                Forward(half == 0 ? 0 : split, half == 0 ? split : ld, ld, space);
                break;
            case SplitPass.Backward:
                BackwardLayer(pendingLayer, ld, half);
                break;
            default:
                var middle = Middle(ParameterCount);
                if (half == 0) Optimize(0, middle);
                else Optimize(middle, ParameterCount);
                break;
        }
    }

    private void Optimize(int from, int to)
    {
        switch (Path)
        {
            case KernelPath.Avx512: optimizer!.Apply<L512>(Parameters, Gradients, from, to); break;
            case KernelPath.Avx2: optimizer!.Apply<L256x2>(Parameters, Gradients, from, to); break;
            case KernelPath.Vector128: optimizer!.Apply<L128x4>(Parameters, Gradients, from, to); break;
            default: optimizer!.Apply<LScalar>(Parameters, Gradients, from, to); break;
        }
    }

    /// <summary>The forward pass of every column (split between two threads when there is a helper).</summary>
    private void Forward(int ld)
    {
        if (Splits(ld)) RunSplit(SplitPass.Forward, ld, 0);
        else Forward(0, ld, ld, work);
    }

    private void Forward(int from, int to, int ld, float* space)
    {
        switch (Path)
        {
            case KernelPath.Avx512: Forward<L512>(from, to, ld, space); break;
            case KernelPath.Avx2: Forward<L256x2>(from, to, ld, space); break;
            case KernelPath.Vector128: Forward<L128x4>(from, to, ld, space); break;
            default: Forward<LScalar>(from, to, ld, space); break;
        }
    }

    private void BackwardLayer(int layer, int ld, int half)
    {
        switch (Path)
        {
            case KernelPath.Avx512: BackwardLayer<L512>(layer, ld, half); break;
            case KernelPath.Avx2: BackwardLayer<L256x2>(layer, ld, half); break;
            case KernelPath.Vector128: BackwardLayer<L128x4>(layer, ld, half); break;
            default: BackwardLayer<LScalar>(layer, ld, half); break;
        }
    }

    /// <summary>Hard target sync: copies this network's parameters into <paramref name="target"/> (same shape).</summary>
    public void CopyParametersTo(QNetwork target)
    {
        var other = Compatible(target, nameof(target));
        if (ReferenceEquals(other, this)) return;
        Array.Copy(Parameters, other.Parameters, ParameterCount);
    }

    /// <summary>Polyak averaging: θ ← τ·θ_source + (1 − τ)·θ, element by element, in float32.</summary>
    public void SoftUpdateFrom(QNetwork source, float tau)
    {
        var other = Compatible(source, nameof(source));
        if (!(tau >= 0f && tau <= 1f)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in [0, 1]");
        // θ ← τ·θ_source + (1 − τ)·θ: first (1 − τ)·θ, then τ·θ_source + that (unfused), as PyTorch evaluates it.
        System.Numerics.Tensors.TensorPrimitives.Multiply(Parameters, 1f - tau, Parameters);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(other.Parameters, tau, Parameters, Parameters);
    }

    /// <summary>Writes the network (shape and parameters, not the optimizer state) to a temporary file, then renames it over <paramref name="path"/>.</summary>
    public void Save(string path) => NetworkFile.Save(this, path);

    /// <summary>Reads a network saved by <see cref="Save"/>; throws InvalidDataException naming the file when it is not a whole, valid network file.</summary>
    public static QNetwork Load(string path, int maxBatch) => NetworkFile.Load(path, maxBatch, null);

    /// <summary>As <see cref="Load(string, int)"/>, and also refuses a network whose shape differs from <paramref name="expectedShape"/>.</summary>
    public static QNetwork Load(string path, int maxBatch, NetworkShape expectedShape) => NetworkFile.Load(path, maxBatch, expectedShape);

    /// <summary>Writes the network in the format of <see cref="Save"/>.</summary>
    public void SaveTo(Stream s) => NetworkFile.Write(this, s);

    /// <summary>Reads a network in the format of <see cref="Save"/>; <paramref name="sourceName"/> names the source in errors.</summary>
    public static QNetwork LoadFrom(Stream s, int maxBatch, string sourceName) => NetworkFile.Read(s, maxBatch, sourceName, null);

    /// <summary>An inference-only network with the given parameters (used by the file reader once everything is checked).</summary>
    internal static QNetwork FromParameters(NetworkShape shape, int maxBatch, ReadOnlySpan<float> parameters)
    {
        var network = new QNetwork(shape, maxBatch, null, LossKind.Mse);
        parameters.CopyTo(network.Parameters);
        return network;
    }

    private void Initialize(WeightInit init, ulong seed)
    {
        var rng = RngModule.ForStream(seed, "init");
        for (var l = 0; l < layerCount; l++)
        {
            int fanIn = sizes[l], fanOut = sizes[l + 1];
            var w = Parameters.AsSpan(weightOffset[l], fanIn * fanOut);
            switch (init)
            {
                case WeightInit.GlorotUniformInit:
                    var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                    for (var i = 0; i < w.Length; i++)
                    {
                        var (u, next) = RngModule.NextUniform(-limit, limit, rng);
                        w[i] = (float)u;
                        rng = next;
                    }

                    break;
                case WeightInit.NormalInit normal:
                    for (var i = 0; i < w.Length; i++)
                    {
                        var (z, next) = RngModule.NextNormal(rng);
                        w[i] = (float)(normal.Stddev * z);
                        rng = next;
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown weight init {init}", nameof(init));
            }
        }
    }

    private void CheckBatch(int batch)
    {
        if (batch < 1 || batch > MaxBatch)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"the batch must be in [1, {MaxBatch}] (this network's MaxBatch)");
    }

    private QNetwork Compatible(QNetwork network, string name)
    {
        ArgumentNullException.ThrowIfNull(network, name);
        if (!network.Shape.Equals(Shape))
            throw new ArgumentException($"shapes differ: this network is {Shape}, the other is {network.Shape}", name);
        return network;
    }

    private static int RoundUp16(int n) => (n + 15) & ~15;

    private float* Allocate(int count)
    {
        var pointer = Pinned.AllocateAligned(count, out var array);
        keepAlive.Add(array);
        return pointer;
    }

    /// <summary>Transposes batch × ins states into the feature-major input matrix; padding columns are zero.</summary>
    private void LoadStates(float* states, int batch, int ld) => Transpose.ToColumns(states, batch, sizes[0], act[0], ld);

    /// <summary>Every layer's forward pass for columns [from, to): each sample's column depends on that sample alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward<TL>(int from, int to, int ld, float* space) where TL : struct, ILanes<TL>
    {
        for (var l = 0; l < layerCount; l++)
        {
            int ins = sizes[l], outs = sizes[l + 1];
            var epilogue = l + 1 < layerCount ? hiddenForward : Epilogue.None;
            Kernels<TL>.Gemm(p + weightOffset[l], 1, outs, outs, ins, act[l] + from, act[l + 1] + from, ld, to - from, p + biasOffset[l], epilogue, null, space);
        }
    }

    /// <summary>Loss on the taken actions and its gradient with respect to the outputs (zero elsewhere, and in the padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float OutputGradient(ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch, int ld)
    {
        var outs = sizes[layerCount];
        var q = act[layerCount];
        var dq = delta[layerCount];
        new Span<float>(dq, outs * ld).Clear();
        double sum = 0, taken = 0;
        if (loss == LossKind.Mse)
        {
            var scale = 2f / batch;
            for (var i = 0; i < batch; i++)
            {
                var index = actions[i] * ld + i;
                taken += q[index];
                var d = q[index] - targets[i];
                sum += (double)d * d;
                dq[index] = d * scale;
            }
        }
        else
        {
            var scale = 1f / batch;
            for (var i = 0; i < batch; i++)
            {
                var index = actions[i] * ld + i;
                taken += q[index];
                var d = q[index] - targets[i];
                var magnitude = MathF.Abs(d);
                if (magnitude <= 1f)
                {
                    sum += 0.5 * d * d;
                    dq[index] = d * scale;
                }
                else
                {
                    sum += magnitude - 0.5;
                    dq[index] = d > 0f ? scale : -scale;
                }
            }
        }

        lastTakenQ = (float)(taken / batch);
        return (float)(sum / batch);
    }

    /// <summary>
    /// Layer l's weight and bias gradients, and the gradient to the layer below it. half −1: all of it;
    /// half 0 or 1 of a split pass: the weight gradient's input rows below or from the middle (half 0
    /// also the bias gradient; all of it on half 0 for fewer than 8 inputs) and the columns of the
    /// gradient below before or from the split column. Both halves only read delta[l + 1].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardLayer<TL>(int l, int ld, int half) where TL : struct, ILanes<TL>
    {
        int ins = sizes[l], outs = sizes[l + 1];
        var weights = p + weightOffset[l];
        if (half < 0)
        {
            Kernels<TL>.WeightGrad(act[l], delta[l + 1], ins, outs, ld, ld, g + weightOffset[l], g + biasOffset[l], work);
            if (l > 0) Kernels<TL>.Gemm(weights, outs, 1, ins, outs, delta[l + 1], delta[l], ld, ld, null, hiddenBackward, act[l], work);
            return;
        }

        var space = half == 0 ? work : helperWork;
        var middle = ins >= 8 ? ins / 8 * 4 : ins;
        var (k0, k1) = half == 0 ? (0, middle) : (middle, ins);
        if (k1 > k0)
            Kernels<TL>.WeightGrad(act[l] + (nint)k0 * ld, delta[l + 1], k1 - k0, outs, ld, ld, g + weightOffset[l] + k0 * outs,
                half == 0 ? g + biasOffset[l] : null, space);
        if (l == 0) return;
        var split = Middle(ld);
        var (c0, c1) = half == 0 ? (0, split) : (split, ld);
        Kernels<TL>.Gemm(weights, outs, 1, ins, outs, delta[l + 1] + c0, delta[l] + c0, ld, c1 - c0, null, hiddenBackward, act[l] + c0, space);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PredictRow(float* state, float* q)
    {
        var simd = Path switch
        {
            KernelPath.Avx512 => RowKernel.Level,
            KernelPath.Avx2 => Math.Min(RowKernel.Level, 2),
            KernelPath.Vector128 => Math.Min(RowKernel.Level, 1),
            _ => 0,
        };
        var input = state;
        for (var l = 0; l < layerCount; l++)
        {
            var output = (l & 1) == 0 ? rowA : rowB;
            RowKernel.Layer(input, p + weightOffset[l], p + biasOffset[l], sizes[l], sizes[l + 1], output,
                l + 1 == layerCount ? Epilogue.None : hiddenForward, simd);
            input = output;
        }

        // from a padded row, so that no layer's store is masked (the caller's q has room for the outputs only)
        for (var j = 0; j < sizes[layerCount]; j++) q[j] = input[j];
    }
}
