using Lab.Neural;

namespace Lab.Agent;

/// <summary>What a second core does for a trial's updates (<see cref="DqnUpdate.SecondCoreUseFor"/>).</summary>
public enum SecondCoreUse
{
    /// <summary>Nothing: one thread.</summary>
    None,
    /// <summary>Half of every batched pass of both networks (<see cref="QNetwork.Helper"/>).</summary>
    SplitPasses,
    /// <summary>The target network's pass over the next states, beside the online network's forward pass.</summary>
    TargetPassBeside,
}
