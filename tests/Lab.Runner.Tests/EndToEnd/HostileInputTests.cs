using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// The built `runner` on every input of <see cref="HostileCorpus"/>: the expected exit code and message,
/// nothing written, and never a crash, a stack trace, an exception's type name, a control character
/// or a flood of output.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Names { get; } = [.. HostileCorpus.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_hostile_input_gets_a_clear_message_and_writes_nothing(string name)
    {
        var hostile = HostileCorpus.Cases.Single(c => c.Name == name);
        using var temp = new TempDirectory();
        var args = hostile.Arrange(temp);

        var run = RunnerProcess.Run(temp.Path, args);

        Assert.True(run.ExitCode == hostile.ExitCode, $"exit {run.ExitCode}, expected {hostile.ExitCode}:\n{Head(run.All)}");
        foreach (var word in hostile.Words) Assert.True(run.All.Contains(word, StringComparison.Ordinal), $"'{word}' not in:\n{Head(run.All)}");
        foreach (var word in hostile.Unwanted ?? []) Assert.DoesNotContain(word, run.All);
        Assert.DoesNotContain("   at ", run.All);
        Assert.DoesNotContain("internal error", run.All);
        Assert.DoesNotContain("Exception", run.All);
        Assert.True(run.All.Length < 20_000, $"{run.All.Length:N0} characters of output:\n{Head(run.All)}");
        Assert.DoesNotContain(run.All, ch => char.IsControl(ch) && ch is not '\n' and not '\r');
        foreach (var path in hostile.AbsentPaths)
            Assert.False(File.Exists(Path.Combine(temp.Path, path)) || Directory.Exists(Path.Combine(temp.Path, path)),
                $"{path} was written");
    }

    [Fact]
    public void Every_case_of_the_corpus_has_a_name_of_its_own()
    {
        Assert.Equal(HostileCorpus.Cases.Count, HostileCorpus.Cases.Select(c => c.Name).Distinct().Count());
        Assert.True(HostileCorpus.Cases.Count >= 50);
    }

    private static string Head(string text) => text.Length <= 2_000 ? text : text[..2_000] + "…";
}
