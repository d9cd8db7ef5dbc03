using Lab.Runner.Execution;
using Lab.Runner.Store;

namespace Lab.Runner.Commands;

/// <summary>
/// Where a run may write without losing a finished result: a folder whose finished trials all belong
/// to the run (the same grid, or one that grew) is resumed; a folder holding finished trials of
/// another version of it is not written to, and the next of folder-2, folder-3, ... is.
/// </summary>
internal static class ResultsFolders
{
    /// <summary>The finished trial folders (finished, stopped early, or diverged) in <paramref name="folder"/> whose names are not in <paramref name="planned"/>.</summary>
    public static IReadOnlyList<string> FinishedOutside(string folder, IReadOnlySet<string> planned) =>
        Directory.Exists(folder)
            ? ResultsReader.TrialFolders(folder)
                .Where(d => !planned.Contains(Path.GetFileName(d)) && SweepRunner.Done(d) is not null).ToList()
            : [];

    /// <summary>
    /// The first of <paramref name="folder"/>, folder-2, folder-3, ... that exists and loses nothing to
    /// this run; the first that does not exist when none does.
    /// </summary>
    public static string FirstSafe(string folder, IReadOnlySet<string> planned)
    {
        foreach (var candidate in Numbered(folder))
            if (!Directory.Exists(candidate) || FinishedOutside(candidate, planned).Count == 0) return candidate;
        throw new InvalidOperationException("unreachable: the numbered folders end at one that does not exist");
    }

    /// <summary>The first of folder-2, folder-3, ... that does not exist.</summary>
    public static string NextNew(string folder) => Numbered(folder).Skip(1).First(f => !Directory.Exists(f));

    /// <summary>folder, then folder-2, folder-3, ... up to and including the first of those that does not exist.</summary>
    private static IEnumerable<string> Numbered(string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        yield return folder;
        for (var n = 2; ; n++)
        {
            var candidate = $"{folder}-{n}";
            yield return candidate;
            if (!Directory.Exists(candidate)) yield break;
        }
    }
}
