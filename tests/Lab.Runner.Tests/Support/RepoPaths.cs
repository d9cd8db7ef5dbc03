namespace Lab.Runner.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to the folder that holds DqnLab.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DqnLab.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("DqnLab.sln not found above " + AppContext.BaseDirectory);
    }
}
