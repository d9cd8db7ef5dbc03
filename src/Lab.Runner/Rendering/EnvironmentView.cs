namespace Lab.Runner.Rendering;

/// <summary>
/// How one environment family looks and is steered: its picture from Gymnasium's state vector (the
/// core's <c>ToGymState</c>), the names of its actions, its frame rate and which key means which action.
/// </summary>
internal abstract class EnvironmentView
{
    /// <summary>Gymnasium's metadata["render_fps"]: the speed an episode is shown at.</summary>
    public abstract int Fps { get; }

    /// <summary>Action names by index, as Gymnasium documents them.</summary>
    public abstract IReadOnlyList<string> ActionNames { get; }

    /// <summary>The action of the ←/a, →/d and ↓/s keys; null when the key means nothing here.</summary>
    public abstract int? ActionOf(PersonKey key);

    /// <summary>The keys a person can use here, for the prompt ("←/a left · →/d right").</summary>
    public abstract string KeyHelp { get; }

    public abstract Scene Draw(double[] gymState);

    public string ActionName(int action) => action >= 0 && action < ActionNames.Count ? ActionNames[action] : "—";

    /// <summary>The view of a registered environment; ArgumentException for an unknown family.</summary>
    public static EnvironmentView For(string environmentName) => environmentName switch
    {
        _ when environmentName.StartsWith("CartPole-", StringComparison.Ordinal) => new CartPoleView(),
        _ when environmentName.StartsWith("Acrobot-", StringComparison.Ordinal) => new AcrobotView(),
        _ when environmentName.StartsWith("MountainCar-", StringComparison.Ordinal) => new MountainCarView(),
        _ => throw new ArgumentException($"no picture for environment '{environmentName}'", nameof(environmentName)),
    };
}
