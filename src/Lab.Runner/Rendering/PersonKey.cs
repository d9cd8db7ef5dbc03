namespace Lab.Runner.Rendering;

/// <summary>What a person pressed, whatever the input source (keyboard, file, pipe).</summary>
internal enum PersonKey
{
    Left,
    Right,
    /// <summary>↓, s or space: no push (MountainCar) or no torque (Acrobot).</summary>
    Neutral,
    Quit,
}
