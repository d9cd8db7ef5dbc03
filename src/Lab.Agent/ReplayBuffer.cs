using Lab.Core;

namespace Lab.Agent;

/// <summary>
/// Ring buffer of transitions as a struct of arrays: for CartPole each transition costs
/// 2 × 4 floats + an int + a float + a bool = 41 bytes, no object per transition.
/// Sampling is uniform with replacement (as CleanRL and SB3 do) into caller-owned buffers.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly int _observationSize;
    private readonly float[] _states;
    private readonly float[] _nextStates;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _terminal;
    private int _next;

    public ReplayBuffer(int capacity, int observationSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _observationSize = observationSize;
        _states = new float[capacity * observationSize];
        _nextStates = new float[capacity * observationSize];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _terminal = new bool[capacity];
    }

    public int Capacity { get; }
    public int Count { get; private set; }

    /// <summary>Bytes held by the buffer's arrays.</summary>
    public long ByteSize =>
        (_states.LongLength + _nextStates.LongLength + _rewards.LongLength) * sizeof(float)
        + _actions.LongLength * sizeof(int) + _terminal.LongLength;

    public void Add(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool terminal)
    {
        state.CopyTo(_states.AsSpan(_next * _observationSize, _observationSize));
        nextState.CopyTo(_nextStates.AsSpan(_next * _observationSize, _observationSize));
        _actions[_next] = action;
        _rewards[_next] = reward;
        _terminal[_next] = terminal;
        _next = _next + 1 == Capacity ? 0 : _next + 1;
        if (Count < Capacity) Count++;
    }

    /// <summary>Draws <paramref name="indices"/>.Length transitions into the batch buffers; returns the next RNG state.</summary>
    public Rng Sample(Rng rng, Span<int> indices, Span<float> states, Span<int> actions, Span<float> rewards,
        Span<float> nextStates, Span<bool> terminal)
    {
        if (Count == 0) throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        var next = RngModule.FillInts(Count, rng, indices);
        var width = _observationSize;
        for (var i = 0; i < indices.Length; i++)
        {
            var j = indices[i];
            // observations are a few floats: a loop beats a Memmove call per row
            var from = j * width;
            var to = i * width;
            for (var k = 0; k < width; k++)
            {
                states[to + k] = _states[from + k];
                nextStates[to + k] = _nextStates[from + k];
            }
            actions[i] = _actions[j];
            rewards[i] = _rewards[j];
            terminal[i] = _terminal[j];
        }
        return next;
    }
}
