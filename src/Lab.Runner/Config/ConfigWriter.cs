using System.Text;
using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// A resolved <see cref="TrainConfig"/> as YAML: every key (but <see cref="OptionalSections"/> left at
/// their defaults), in the order of docs/CONFIG.md, sections
/// as indented blocks, lists in flow style, numbers in invariant round-trip form, "\n" line endings.
/// The text is the same on every machine (trial ids hash it) and loading it gives an equal config.
/// </summary>
internal static class ConfigWriter
{
    public static string ToYaml(TrainConfig config) => ToYaml(config, null);

    /// <summary>With <paramref name="header"/> as leading "# " comment lines (not part of the config).</summary>
    public static string ToYaml(TrainConfig config, string? header)
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(header))
            foreach (var line in header.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
                sb.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
        Write(sb, config, ConfigSchema.Root, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, TrainConfig config, SchemaNode section, int indent)
    {
        foreach (var child in section.Children)
        {
            if (OptionalSections.Omitted(config, child.Path)) continue;
            sb.Append(' ', indent).Append(child.Key).Append(':');
            if (child.IsSection)
            {
                sb.Append('\n');
                Write(sb, config, child, indent + 2);
            }
            else sb.Append(' ').Append(ConfigValues.ToYaml(ConfigSchema.Get(config, child))).Append('\n');
        }
    }
}
