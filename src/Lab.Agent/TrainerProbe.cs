using Lab.Neural;

namespace Lab.Agent;

/// <summary>
/// Test hook: lets Lab.Agent.Tests watch the trainer's internals (the networks, the replay, each stored
/// transition, each gradient step's batch and targets, each target sync, each evaluation's network) to
/// pin what every training option does. Production passes none: each event then costs one null check.
/// Callbacks run on the trainer's thread; the arrays they get are the trainer's own buffers, valid only
/// during the call.
/// </summary>
internal sealed class TrainerProbe
{
    /// <summary>After the networks and the replay exist, before the first step: online, target (null when
    /// target_update.mode is none: targets bootstrap from the online network), replay.</summary>
    public Action<QNetwork, QNetwork?, ReplayBuffer>? Built { get; init; }

    /// <summary>After the update is built, before the first step.</summary>
    public Action<DqnUpdate>? UpdateBuilt { get; init; }

    /// <summary>Each action chosen, before the env steps: (observation, Q values of the observation, action).</summary>
    public Action<float[], float[], int>? Acted { get; init; }

    /// <summary>Each transition as stored: (stored reward, stored terminal flag, env terminated, env truncated).</summary>
    public Action<float, bool, bool, bool>? Stored { get; init; }

    /// <summary>Before each TrainStep: (indices, states, actions, rewards, next states, terminal, targets) of the batch.</summary>
    public Action<int[], float[], int[], float[], float[], bool[], float[]>? TrainStepping { get; init; }

    /// <summary>After each TrainStep: the loss it returned.</summary>
    public Action<float>? TrainStepped { get; init; }

    /// <summary>Around each target sync (hard or soft), with the env steps so far.</summary>
    public Action<long>? Syncing { get; init; }

    public Action<long>? Synced { get; init; }

    /// <summary>Before each greedy evaluation, with the network it plays (holding the online parameters).</summary>
    public Action<QNetwork>? Evaluating { get; init; }
}
