using Lab.Runner.Config;

namespace Lab.Runner.Commands;

/// <summary>
/// The folder a command writes into (<c>--out</c>, or its default), checked before any work starts: a
/// path that names no folder is bad input (exit 2), found at once rather than after the training.
/// </summary>
internal static class OutputFolder
{
    /// <summary>The folder to write: <paramref name="given"/> (--out) when there is one, else <paramref name="fallback"/>.</summary>
    /// <exception cref="ConfigException">The path is empty, is a file, or lies under a file.</exception>
    public static string Check(string? given, string fallback)
    {
        var source = given is null ? "results folder" : "--out";
        var path = given ?? fallback;
        if (string.IsNullOrWhiteSpace(path)) throw Bad(source, "the folder is empty; give a path such as --out results/try1");
        if (path.Any(ConfigText.IsControl)) throw Bad(source, $"{ConfigText.Quote(path)} holds a control character; give a plain path");
        if (File.Exists(path)) throw Bad(source, $"{path} is a file, not a folder");
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent)) break;
            if (File.Exists(parent)) throw Bad(source, $"{path} cannot be a folder: {parent} is a file");
        }
        return path;
    }

    private static ConfigException Bad(string source, string message) => new(new ConfigError(source, 0, 0, "", message));
}
