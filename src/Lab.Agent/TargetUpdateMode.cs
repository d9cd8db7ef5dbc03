namespace Lab.Agent;

/// <summary>The config's <c>target_update.mode</c>: which <see cref="Lab.Core.TargetUpdatePolicy"/> the target_update keys make.</summary>
public enum TargetUpdateMode
{
    /// <summary>No target network (the naive agent of notebook 004).</summary>
    None,

    /// <summary>Sync at episode end.</summary>
    Episode,

    /// <summary>Sync every <c>every</c> env steps.</summary>
    Steps,
}
