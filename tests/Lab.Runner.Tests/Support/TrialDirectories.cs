namespace Lab.Runner.Tests.Support;

/// <summary>The trial folders of a results folder as a person would count them: those holding trial.json
/// (a report's charts/ folder is not a trial).</summary>
internal static class TrialDirectories
{
    public static string[] Of(string resultsDirectory) =>
        Directory.GetDirectories(resultsDirectory).Where(d => File.Exists(Path.Combine(d, "trial.json"))).ToArray();
}
