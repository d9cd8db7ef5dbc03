namespace Lab.Runner.Config;

/// <summary>
/// The bounds on what a config or grid file may hold (docs/CONFIG.md, "Limits"). Each is far above what
/// a real config needs and far below what would exhaust the stack, the memory or the file system, so a
/// hostile or mistaken file gets a message instead of a crash.
/// </summary>
internal static class ConfigLimits
{
    /// <summary>Largest config or grid file, in bytes (the biggest grid in experiments/ is about 2 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Deepest nesting of YAML mappings and lists (a grid needs 5); deeper would overflow the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most characters that YAML aliases (<c>*name</c>) may add by repeating what their anchors hold.</summary>
    public const int MaxAliasExpansion = 1_000_000;

    /// <summary>Longest single YAML value (a question is a sentence or a paragraph).</summary>
    public const int MaxScalarLength = 10_000;

    /// <summary>Most trials one sweep runs, even with --yes (each trial costs memory before any runs).</summary>
    public const int MaxTrials = 100_000;
}
