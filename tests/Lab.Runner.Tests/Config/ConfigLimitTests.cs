using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Config;

/// <summary>
/// The bounds of docs/CONFIG.md, "Limits", at their edges: just inside is read as before, just outside is a
/// message at the line. The hostile corpus (EndToEnd) runs the far-outside cases through the built runner.
/// </summary>
public sealed class ConfigLimitTests
{
    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "x.yaml"));

    private static string Nested(int depth) => "gamma: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n";

    [Fact]
    public void Nesting_64_deep_is_read_and_65_deep_is_refused_at_the_bracket_that_goes_too_deep()
    {
        // The root mapping is level 1: a value holding 63 lists reaches 64.
        var inside = Refused(Nested(64));
        Assert.Contains("gamma: expected a number", inside.Message);

        var outside = Refused(Nested(65));
        Assert.Equal("x.yaml:1:71: mappings and lists nested more than 64 deep; a config needs a few levels", outside.Message);
    }

    [Fact]
    public void Aliases_that_repeat_a_little_work_as_YAML_says()
    {
        var config = ConfigLoader.Parse("""
            evaluation:
              episodes: &n 7
              every_episodes: *n
            """, "x.yaml");

        Assert.Equal((7, 7), (config.Evaluation.Episodes, config.Evaluation.EveryEpisodes));
    }

    [Fact]
    public void Aliases_that_would_repeat_more_than_a_million_characters_are_refused_where_the_limit_is_crossed()
    {
        // Each *b stands for 10 × 2 + 1 = 21 characters of *a; 10 × 10 × ... stops at the alias that crosses 1,000,000.
        var yaml = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" +
                   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
                   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
                   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n" +
                   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";

        var error = Refused(yaml);

        Assert.Single(error.Errors);
        Assert.StartsWith("x.yaml:6:", error.Message);
        Assert.Contains("YAML aliases (*name) repeat more than 1,000,000 characters", error.Message);
    }

    [Fact]
    public void A_value_of_10000_characters_is_read_and_one_more_is_refused()
    {
        Assert.Contains("question", Refused("question: " + new string('q', 10_000) + "\n").Message);
        Assert.Equal("x.yaml:1:11: a value of 10,001 characters; at most 10,000 are allowed",
            Refused("question: " + new string('q', 10_001) + "\n").Message);
    }

    [Fact]
    public void A_file_of_one_mebibyte_is_read_and_one_byte_more_is_refused()
    {
        using var temp = new TempDirectory();
        var comment = "# " + new string('c', (1 << 20) - "gamma: 0.5\n".Length - 3) + "\n";
        var inside = temp.File("inside.yaml", comment + "gamma: 0.5\n");
        Assert.Equal(1 << 20, new FileInfo(inside).Length);
        Assert.Equal(0.5, ConfigLoader.Load(inside).Gamma);

        var outside = temp.File("outside.yaml", comment + "gamma: 0.55\n");
        Assert.Equal($"{outside}: is 1,048,577 bytes; a config or grid file may have at most 1,048,576 bytes",
            Assert.Throws<ConfigException>(() => ConfigLoader.Load(outside)).Message);
    }

    [Fact]
    public void A_name_of_100_characters_is_a_name_and_101_is_not()
    {
        Assert.Equal(new string('n', 100), ConfigLoader.Parse("name: " + new string('n', 100), "x.yaml").Name);
        Assert.Contains("name: 'nnnn", Refused("name: " + new string('n', 101)).Message);
    }

    [Fact]
    public void A_key_set_dotted_in_one_file_and_in_its_section_in_its_base_is_an_override_not_an_error()
    {
        using var temp = new TempDirectory();
        temp.File("base.yaml", "epsilon: {min: 0.2}\n");
        var path = temp.File("x.yaml", "base: base.yaml\nepsilon.min: 0.1\n");

        Assert.Equal(0.1, ConfigLoader.Load(path).Epsilon.Min);
    }

    [Fact]
    public void The_memory_estimate_adds_up_as_written_down()
    {
        // The defaults: CartPole's 4 observations and 2 actions, a 4-64-64-2 network (4,610 weights and
        // biases) with a target network, batches of 64, 20 evaluation episodes (padded to 32), 10,000 transitions.
        var memory = TrialMemory.Of(new TrainConfig(), 4, 2);

        Assert.Equal(10_000 * 41, memory.Replay);              // 2 × 4 floats, an action, a reward, a flag
        Assert.Equal(4_610 * 36, memory.Networks);             // 3 × (weights + gradients) + 2 moments + the file
        Assert.Equal(134 * 64 * 4 * 3, memory.Batches);         // 134 units × 64 lanes × 4 bytes, 3 buffers
        Assert.Equal(134 * 32 * 4 + 20 * 41, memory.Evaluation);
        Assert.Equal(696_844, memory.Total);
        Assert.Equal("memory", memory.LargestKey);
    }

    [Fact]
    public void A_config_larger_than_the_memory_budget_is_reported_at_the_key_that_takes_the_most()
    {
        var config = new TrainConfig { Memory = 1_000_000, BatchSize = 64 };

        var errors = ConfigValidator.Validate(config, "x.yaml", memoryBudget: 10_000_000);

        var error = Assert.Single(errors);
        Assert.Equal("memory", error.Key);
        Assert.Equal("1000000 transitions of replay memory make one trial need about 41 MB of memory, more than the 10 MB " +
                     "this machine has; make it smaller", error.Message);
        Assert.Empty(ConfigValidator.Validate(config, "x.yaml", memoryBudget: 42_000_000));
    }

    [Fact]
    public void Messages_show_control_characters_escaped_and_long_values_cut()
    {
        Assert.Equal("'a\\nb\\u001b[0m'", ConfigText.Quote("a\nb\u001b[0m"));
        Assert.Equal("'" + new string('x', 60) + "… (61 characters)'", ConfigText.Quote(new string('x', 61)));
        Assert.Equal("x.yaml:1:2: name: bad \\t value", new ConfigError("x.yaml", 1, 2, "name", "bad \t value").ToString());
    }
}
