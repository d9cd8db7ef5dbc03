using Lab.Core;
using Lab.Neural;

namespace Lab.Agent;

/// <summary>
/// One DQN gradient step, as the trainer and the benchmarks run it: sample a batch from the replay
/// (uniform, with replacement), forward the next states (target network, and the online one for
/// double DQN), Bellman targets from the F# core, then one training step of the online network (its
/// forward pass, then <see cref="QNetwork.TrainOnForward"/>). The batch buffers are allocated once here, so a step allocates nothing.
/// <para>
/// Given a <see cref="SecondCore"/> (<c>beside</c>), the target network's pass over the next states runs
/// on it while this thread runs the online network's forward pass over the states: the two share no
/// data that changes between updates (the target weights change once per sync), so each core keeps
/// its network in its own cache. The numbers are the same as on one thread.
/// </para>
/// </summary>
public sealed class DqnUpdate
{
    private readonly QNetwork _online;
    private readonly QNetwork? _target;
    private readonly ReplayBuffer _replay;
    private readonly int _batch;
    private readonly float _gamma;
    private readonly bool _doubleDqn;
    private readonly int _actions;
    private readonly int[] _indices;
    private readonly float[] _states;
    private readonly float[] _nextStates;
    private readonly int[] _batchActions;
    private readonly float[] _rewards;
    private readonly bool[] _terminal;
    private readonly float[] _nextQOnline;
    private readonly float[] _nextQ;
    private readonly float[] _targets;
    private readonly SecondCore? _beside;
    private readonly Passes? _passes;

    /// <param name="online">The network that learns; it needs an optimizer.</param>
    /// <param name="target">The network that values next states; null = no separate target network:
    /// targets bootstrap from the online network.</param>
    /// <param name="replay">Where batches are drawn from; it must hold a transition when <see cref="Step"/> runs.</param>
    /// <param name="batchSize">Transitions per step; at most the networks' MaxBatch.</param>
    /// <param name="gamma">The discount γ.</param>
    /// <param name="doubleDqn">Double-DQN targets: the online network picks a', the target network values it.</param>
    /// <param name="beside">A second core for the target network's pass (see above); it needs a target
    /// network, and neither network may split its own passes (<see cref="QNetwork.Helper"/>) meanwhile.</param>
    public DqnUpdate(QNetwork online, QNetwork? target, ReplayBuffer replay, int batchSize, float gamma, bool doubleDqn,
        SecondCore? beside = null)
    {
        ArgumentNullException.ThrowIfNull(online);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, online.MaxBatch);
        if (target is not null)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, target.MaxBatch);
            if (target.Shape.Inputs != online.Shape.Inputs || target.Shape.Outputs != online.Shape.Outputs)
                throw new ArgumentException("the target network's inputs and outputs must match the online network's", nameof(target));
        }
        if (online.Optimizer is null) throw new ArgumentException("the online network needs an optimizer", nameof(online));
        if (beside is not null && target is null)
            throw new ArgumentException("a second core runs the target network's pass: there is no target network", nameof(beside));
        if (beside is not null && (online.Helper is not null || target!.Helper is not null))
            throw new ArgumentException("a second core beside the update cannot also split the networks' passes", nameof(beside));
        (_online, _target, _replay, _batch, _gamma) = (online, target, replay, batchSize, gamma);
        // With one network double DQN's targets are vanilla's, bit for bit: a' = argmax Q(s', ·) valued by
        // the same Q row is its max.
        _doubleDqn = doubleDqn && target is not null;
        var width = online.Shape.Inputs;
        _actions = online.Shape.Outputs;
        _indices = new int[batchSize];
        _states = new float[batchSize * width];
        _nextStates = new float[batchSize * width];
        _batchActions = new int[batchSize];
        _rewards = new float[batchSize];
        _terminal = new bool[batchSize];
        _nextQOnline = new float[batchSize * _actions];
        _nextQ = new float[batchSize * _actions];
        _targets = new float[batchSize];
        _beside = beside;
        if (beside is not null) _passes = new Passes(this);
    }

    /// <summary>
    /// One gradient step; draws the batch indices from <paramref name="replayRng"/> and advances it.
    /// Returns the mean loss over the batch before the update (not finite when training diverged).
    /// </summary>
    public float Step(ref Rng replayRng)
    {
        replayRng = _replay.Sample(replayRng, _indices, _states, _batchActions, _rewards, _nextStates, _terminal);
        if (_beside is not null) _beside.Run(_passes!);
        else
        {
            ValueNextStates();
            OnlinePasses();
        }
        if (_doubleDqn) Bellman.DoubleTargets(_gamma, _rewards, _terminal, _nextQOnline, _nextQ, _actions, _targets);
        else Bellman.VanillaTargets(_gamma, _rewards, _terminal, _nextQ, _actions, _targets);
        if (Probe?.TrainStepping is { } stepping)
        {
            stepping(_indices, _states, _batchActions, _rewards, _nextStates, _terminal, _targets);
            // the probe may have predicted with the online network, overwriting its kept pass: redo it (same bits)
            _online.ForwardForTraining(_states, _batch);
        }
        var loss = _online.TrainOnForward(_batchActions, _targets, _batch);
        Probe?.TrainStepped?.Invoke(loss);
        return loss;
    }

    /// <summary>
    /// How a second core serves the updates of a network of <paramref name="shape"/> at
    /// <paramref name="batch"/>: it takes half of every pass when <see cref="QNetwork.HelperPays"/>, else the
    /// target network's pass (<c>beside</c>); without a target network a small one gains nothing from it.
    /// </summary>
    public static SecondCoreUse SecondCoreUseFor(NetworkShape shape, int batch, bool targetNetwork) =>
        QNetwork.HelperPays(shape, batch) ? SecondCoreUse.SplitPasses
        : targetNetwork ? SecondCoreUse.TargetPassBeside
        : SecondCoreUse.None;

    /// <summary>
    /// Gives <paramref name="helper"/> to the networks' updates as <see cref="SecondCoreUseFor"/> says:
    /// to both networks when it splits their passes; else returns it, for the <c>beside</c> argument.
    /// Returns null when there is no helper or it splits the passes.
    /// </summary>
    public static SecondCore? GiveSecondCore(SecondCore? helper, QNetwork online, QNetwork? target, int batch)
    {
        ArgumentNullException.ThrowIfNull(online);
        if (helper is null) return null;
        switch (SecondCoreUseFor(online.Shape, batch, target is not null))
        {
            case SecondCoreUse.SplitPasses:
                online.Helper = helper;
                if (target is not null) target.Helper = helper;
                return null;
            case SecondCoreUse.TargetPassBeside:
                return helper;
            default:
                return null;
        }
    }

    /// <summary>Q(s', ·) from the network that values s': the target network, or the online one when there is none.</summary>
    private void ValueNextStates() => (_target ?? _online).Predict(_nextStates, _batch, _nextQ);

    /// <summary>The online network's passes: for double DQN its Q(s', ·) first (a batched Predict overwrites a kept forward pass), then the forward pass of s kept for training.</summary>
    private void OnlinePasses()
    {
        if (_doubleDqn) _online.Predict(_nextStates, _batch, _nextQOnline);
        _online.ForwardForTraining(_states, _batch);
    }

    /// <summary>The online passes on the calling thread, the target network's on the second core.</summary>
    private sealed class Passes(DqnUpdate update) : IHalves
    {
        public void RunHalf(int half)
        {
            if (half == 0) update.OnlinePasses();
            else update.ValueNextStates();
        }
    }

    /// <summary>
    /// The mean over the last step's batch of Q(s, a) for the taken actions, from the online network's
    /// forward pass before its update (CleanRL's <c>old_val.mean()</c>, logged as losses/q_values).
    /// </summary>
    public float LastTakenQ => _online.LastTakenQ;

    /// <summary>Test hook: sees each step's batch and targets before TrainStep and its loss after.</summary>
    internal TrainerProbe? Probe { get; init; }

    /// <summary>The second core the target network's pass runs on; null when it runs on the caller's thread.</summary>
    internal SecondCore? Beside => _beside;

    /// <summary>The replay indices of the last step's batch.</summary>
    internal ReadOnlySpan<int> LastIndices => _indices;

    /// <summary>The Bellman targets of the last step's batch.</summary>
    internal ReadOnlySpan<float> LastTargets => _targets;
}
