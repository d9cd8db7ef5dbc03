using Lab.Runner.Tests.Support;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// One input of the hostile corpus: what a careless user or an attacker hands `runner`, and what must
/// come of it. Whatever the input, the run must also print no stack trace, no exception type, no control
/// characters and no more than a screenful, and must never be an internal error.
/// </summary>
/// <param name="Name">What the input is, as the test's name shows it.</param>
/// <param name="Arrange">Writes the files the run needs into the folder and returns the command line.</param>
/// <param name="ExitCode">The exit code the run must end with.</param>
/// <param name="Words">Text the output (stdout and stderr together) must contain.</param>
/// <param name="Absent">Paths (relative to the folder) that must not exist afterwards: nothing was written.</param>
/// <param name="Unwanted">Text the output must not contain (work that should not have started).</param>
public sealed record HostileCase(
    string Name,
    Func<TempDirectory, string[]> Arrange,
    int ExitCode,
    string[] Words,
    string[]? Absent = null,
    string[]? Unwanted = null)
{
    /// <summary>What must not exist by default: the results folder.</summary>
    public IReadOnlyList<string> AbsentPaths => Absent ?? ["results"];

    public override string ToString() => Name;
}
