using Lab.Agent;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Bench;
using TorchSharp;
using static TorchSharp.torch;

namespace Lab.Torch.Bench;

/// <summary>
/// The same DQN update as <see cref="DqnUpdate.Step"/>, in libtorch the way CleanRL writes it: the
/// batch drawn by the same <see cref="ReplayBuffer.Sample"/> from the same memory, copied into
/// preallocated tensors; under no_grad the target network's (and for double DQN the online network's)
/// Q(s'), y = r + γ·(1 − done)·Q_target(s', a'); then Q(s, a) by gather, MSE, zero_grad, backward,
/// Adam (lr 1e-3). Linear layers with PyTorch's default init; ReLU between them.
/// </summary>
internal sealed class TorchUpdate
{
    private readonly nn.Module<Tensor, Tensor> _online;
    private readonly nn.Module<Tensor, Tensor> _target;
    private readonly optim.Optimizer _adam;
    private readonly ReplayBuffer _replay;
    private readonly bool _doubleDqn;
    private readonly float _gamma = 0.99f;
    private readonly int[] _indices;
    private readonly float[] _states;
    private readonly float[] _nextStates;
    private readonly int[] _actions;
    private readonly long[] _actions64;
    private readonly float[] _rewards;
    private readonly bool[] _terminal;
    private readonly float[] _notDone;
    private readonly Tensor _s;
    private readonly Tensor _s2;
    private readonly Tensor _a;
    private readonly Tensor _r;
    private readonly Tensor _nd;
    private Rng _rng = NeuralBenchmarks.ReplayRng;

    public TorchUpdate(NetworkShape shape, int batch, bool doubleDqn)
    {
        _doubleDqn = doubleDqn;
        _online = Mlp(shape);
        _target = Mlp(shape);
        _target.load_state_dict(_online.state_dict());
        _adam = optim.Adam(_online.parameters(), lr: 1e-3);
        _replay = NeuralBenchmarks.FullReplay(shape.Inputs, shape.Outputs);
        _indices = new int[batch];
        _states = new float[batch * shape.Inputs];
        _nextStates = new float[batch * shape.Inputs];
        _actions = new int[batch];
        _actions64 = new long[batch];
        _rewards = new float[batch];
        _terminal = new bool[batch];
        _notDone = new float[batch];
        _s = zeros(batch, shape.Inputs);
        _s2 = zeros(batch, shape.Inputs);
        _a = zeros(new long[] { batch, 1 }, ScalarType.Int64);
        _r = zeros(batch);
        _nd = zeros(batch);
    }

    private static nn.Module<Tensor, Tensor> Mlp(NetworkShape shape)
    {
        var sizes = shape.LayerSizes();
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            layers.Add(nn.Linear(sizes[l], sizes[l + 1]));
            if (l + 2 < sizes.Length) layers.Add(nn.ReLU());
        }

        return nn.Sequential(layers);
    }

    public void Run(int n)
    {
        for (var i = 0; i < n; i++) Step();
    }

    private void Step()
    {
        _rng = _replay.Sample(_rng, _indices, _states, _actions, _rewards, _nextStates, _terminal);
        for (var i = 0; i < _actions.Length; i++)
        {
            _actions64[i] = _actions[i];
            _notDone[i] = _terminal[i] ? 0f : 1f;
        }

        _s.data<float>().CopyFrom(_states);
        _s2.data<float>().CopyFrom(_nextStates);
        _a.data<long>().CopyFrom(_actions64);
        _r.data<float>().CopyFrom(_rewards);
        _nd.data<float>().CopyFrom(_notDone);

        using var scope = NewDisposeScope();
        Tensor y;
        using (no_grad())
        {
            var next = _target.forward(_s2);
            var best = _doubleDqn
                ? next.gather(1, _online.forward(_s2).argmax(1, keepdim: true)).squeeze(1)
                : next.max(1).values;
            y = _r + _gamma * best * _nd;
        }

        var q = _online.forward(_s).gather(1, _a).squeeze(1);
        var loss = nn.functional.mse_loss(q, y);
        _adam.zero_grad();
        loss.backward();
        _adam.step();
    }
}
