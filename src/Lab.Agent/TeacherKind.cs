namespace Lab.Agent;

/// <summary>The config's <c>teacher.controller</c>: which scripted <see cref="Lab.Core.TeacherPolicy"/>, if any, explores for the agent.</summary>
public enum TeacherKind
{
    /// <summary>No teacher: exploration is uniformly random (the default).</summary>
    None,

    /// <summary>CartPole: push towards where the pole is falling (θ + 0.5·θ̇).</summary>
    CartPoleFeedback,

    /// <summary>MountainCar: push the way the car moves.</summary>
    MountainCarMomentum,

    /// <summary>Acrobot: torque against the first joint's swing.</summary>
    AcrobotSwing,
}
