using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// Sections and keys added after trial ids were first published (teacher; evaluation.every_steps,
/// keep_best, final_episodes): config.yaml and the flat params hold a section only when a key of it
/// differs from its default, and such a key only when it does, so every config that leaves them off keeps the
/// config.yaml, trial.json and trial id it had before (trial ids hash config.yaml). Loading a file
/// without the section gives its defaults, so the round trip still gives an equal config.
/// </summary>
internal static class OptionalSections
{
    private static readonly TrainConfig Defaults = new();
    private static readonly string[] Names = ["teacher"];
    private static readonly string[] Keys = ["evaluation.every_steps", "evaluation.keep_best", "evaluation.final_episodes"];

    /// <summary>Whether <paramref name="path"/> (a section or a dotted leaf) lies in an optional section
    /// that <paramref name="config"/> leaves at its defaults.</summary>
    public static bool Omitted(TrainConfig config, string path)
    {
        if (Keys.Contains(path))
        {
            var leaf = ConfigSchema.ByPath[path];
            return Equals(ConfigValues.Format(ConfigSchema.Get(config, leaf)), ConfigValues.Format(ConfigSchema.Get(Defaults, leaf)));
        }
        var section = path.Split('.')[0];
        if (!Names.Contains(section)) return false;
        return ConfigSchema.Leaves.Where(l => l.Path.StartsWith(section + ".", StringComparison.Ordinal))
            .All(l => Equals(ConfigValues.Format(ConfigSchema.Get(config, l)), ConfigValues.Format(ConfigSchema.Get(Defaults, l))));
    }
}
