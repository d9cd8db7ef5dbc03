using System.Globalization;
using System.Text.RegularExpressions;
using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Config;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;

namespace Lab.Runner.Tests.Config;

/// <summary>Every <c>--set</c> example the command line shows is one the config accepts.</summary>
public sealed partial class HelpExampleTests
{
    private static readonly string[][] Lines =
    [
        [], ["--help"], ["train", "--help"], ["sweep", "--help"], ["eval", "--help"], ["report", "--help"],
        ["mlflow", "sync", "--help"], ["bench", "--help"],
        ["train", "x.yaml", "--set", "batch_size"], ["sweep", "g.yaml", "--set", "=3"],
    ];

    // Argu wraps its texts, so an example may be split over two lines.
    [GeneratedRegex(@"--set\s+([A-Za-z_][A-Za-z0-9_.]*=[^\s,;)]+)")]
    private static partial Regex SetExample();

    private static string Text(string[] argv) => Cli.Parse("runner", argv) switch
    {
        CliParse.Parsed { Item: Command.ShowHelp help } => help.Text,
        CliParse.Invalid invalid => invalid.Message,
        var other => throw new InvalidOperationException($"'{string.Join(' ', argv)}' gave {other}"),
    };

    public static TheoryData<string> Examples()
    {
        var examples = new TheoryData<string>();
        foreach (var example in Lines.SelectMany(argv => SetExample().Matches(Text(argv)).Select(m => m.Groups[1].Value)).Distinct())
            examples.Add(example.TrimEnd('.'));
        return examples;
    }

    [Fact]
    public void The_help_has_set_examples_for_train_and_sweep()
    {
        Assert.Matches(SetExample(), Text(["train", "--help"]));
        Assert.Matches(SetExample(), Text(["sweep", "--help"]));
        Assert.Matches(SetExample(), Text(["train", "x.yaml", "--set", "batch_size"]));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_set_example_is_accepted(string example)
    {
        var applied = ConfigLoader.Load(Preset("cleanrl.yaml"), [example]); // throws ConfigException if the key or value is wrong

        var (key, value) = (example[..example.IndexOf('=')], example[(example.IndexOf('=') + 1)..]);
        var resolved = ConfigParams.Get(applied, key);
        Assert.NotNull(resolved);
        if (double.TryParse(value, CultureInfo.InvariantCulture, out var number))
            Assert.Equal(number, double.Parse(resolved, CultureInfo.InvariantCulture));
        else Assert.Equal(value, resolved, ignoreCase: true);
    }
}
