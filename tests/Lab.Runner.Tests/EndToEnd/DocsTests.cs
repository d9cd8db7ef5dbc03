using System.Text.RegularExpressions;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>docs/CLI.md shows each command's help exactly as the built runner prints it.</summary>
public sealed partial class DocsTests
{
    [GeneratedRegex(@"^`\./runner (?<args>[^`]*)--help`:\n\n```text\n(?<help>.*?)```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex HelpBlock();

    // The --jobs default names this machine's cores.
    [GeneratedRegex(@"\d+ here")]
    private static partial Regex Cores();

    private static string Normal(string text) => Cores().Replace(text.Replace("\r\n", "\n"), "N here").Trim();

    [Fact]
    public void Every_help_block_of_the_cli_page_is_what_the_runner_prints()
    {
        var page = File.ReadAllText(RepoPaths.Of("docs", "CLI.md")).Replace("\r\n", "\n");
        var blocks = HelpBlock().Matches(page);
        Assert.Equal(["", "train ", "eval ", "sweep ", "report ", "status ", "mlflow sync ", "bench ", "list ", "completion ", "play ", "render "], blocks.Select(b => b.Groups["args"].Value));

        foreach (Match block in blocks)
        {
            var args = block.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
            var run = RunnerProcess.Run(RepoPaths.Root, args);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(Normal(block.Groups["help"].Value), Normal(run.Output));
        }
    }

    [Fact]
    public void The_readme_and_the_config_page_point_to_the_cli_page()
    {
        Assert.Contains("docs/CLI.md", File.ReadAllText(RepoPaths.Of("README.md")));
        Assert.Contains("CLI.md", File.ReadAllText(RepoPaths.Of("docs", "CONFIG.md")));
    }
}
