namespace Lab.Agent;

/// <summary>The config's <c>epsilon.schedule</c>: which <see cref="Lab.Core.ExplorationPolicy"/> the epsilon keys make.</summary>
public enum EpsilonScheduleKind
{
    /// <summary>ε = start throughout.</summary>
    Constant,

    /// <summary>ε × decay per update round, floored at min.</summary>
    Multiplicative,

    /// <summary>start to min over decay_steps env steps, from decay_start on.</summary>
    Linear,
}
