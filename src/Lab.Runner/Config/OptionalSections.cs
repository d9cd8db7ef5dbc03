using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// Sections added after trial ids were first published (teacher): config.yaml and the flat params hold
/// them only when a key differs from its default, so every config that leaves them off keeps the
/// config.yaml, trial.json and trial id it had before (trial ids hash config.yaml). Loading a file
/// without the section gives its defaults, so the round trip still gives an equal config.
/// </summary>
internal static class OptionalSections
{
    private static readonly TrainConfig Defaults = new();
    private static readonly string[] Names = ["teacher"];

    /// <summary>Whether <paramref name="path"/> (a section or a dotted leaf) lies in an optional section
    /// that <paramref name="config"/> leaves at its defaults.</summary>
    public static bool Omitted(TrainConfig config, string path)
    {
        var section = path.Split('.')[0];
        if (!Names.Contains(section)) return false;
        return ConfigSchema.Leaves.Where(l => l.Path.StartsWith(section + ".", StringComparison.Ordinal))
            .All(l => Equals(ConfigValues.Format(ConfigSchema.Get(config, l)), ConfigValues.Format(ConfigSchema.Get(Defaults, l))));
    }
}
