using Lab.Core;

namespace Lab.Agent;

/// <summary>
/// Teacher-guided exploration (notebook 001's exercise "let it ask for help during training"): when the
/// ε draw says explore and the agent is in trouble (max Q not above the episode's initial max Q minus
/// <see cref="Margin"/>), the scripted teacher chooses the action instead of a uniform draw. Off by default.
/// </summary>
public sealed record TeacherConfig
{
    public TeacherKind Controller { get; init; } = TeacherKind.None;

    /// <summary>In Q units: the agent is in trouble once its max Q is this far below the episode's initial max Q (notebook 001: 0.2).</summary>
    public double Margin { get; init; } = 0.2;

    /// <summary>The core's teacher, or null for none.</summary>
    public TeacherPolicy? Policy => Controller switch
    {
        TeacherKind.None => null,
        TeacherKind.CartPoleFeedback => TeacherPolicy.CartPoleFeedback,
        TeacherKind.MountainCarMomentum => TeacherPolicy.MountainCarMomentum,
        TeacherKind.AcrobotSwing => TeacherPolicy.AcrobotSwing,
        _ => throw new ArgumentOutOfRangeException(nameof(Controller), Controller, "unknown teacher"),
    };
}
