namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// The commit checked out in the git repository that holds a folder, read from .git without running git
/// (HEAD, then the loose ref or packed-refs). Null when there is no repository or it cannot be read.
/// </summary>
internal static class GitRevision
{
    public static string? Find(string startDirectory)
    {
        try
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
            {
                var git = Path.Combine(dir.FullName, ".git");
                if (File.Exists(git))
                {
                    // a worktree or submodule: ".git" is a file "gitdir: <path>"
                    var line = File.ReadAllText(git).Trim();
                    if (!line.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                    git = Path.GetFullPath(Path.Combine(dir.FullName, line["gitdir:".Length..].Trim()));
                }
                else if (!Directory.Exists(git)) continue;
                return Resolve(git);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
        return null;
    }

    private static string? Resolve(string gitDirectory)
    {
        var headPath = Path.Combine(gitDirectory, "HEAD");
        if (!File.Exists(headPath)) return null;
        var head = File.ReadAllText(headPath).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal)) return IsSha(head) ? head : null;
        var reference = head["ref:".Length..].Trim();
        var common = gitDirectory;
        var commonFile = Path.Combine(gitDirectory, "commondir");
        if (File.Exists(commonFile)) common = Path.GetFullPath(Path.Combine(gitDirectory, File.ReadAllText(commonFile).Trim()));
        foreach (var root in new[] { gitDirectory, common })
        {
            var loose = Path.Combine(root, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var sha && IsSha(sha)) return sha;
        }
        var packed = Path.Combine(common, "packed-refs");
        if (!File.Exists(packed)) return null;
        foreach (var line in File.ReadLines(packed))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[1].Trim() == reference && IsSha(parts[0])) return parts[0];
        }
        return null;
    }

    private static bool IsSha(string text) => text.Length is 40 or 64 && text.All(Uri.IsHexDigit);
}
