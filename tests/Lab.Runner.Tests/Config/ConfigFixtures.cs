using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Config;

/// <summary>Where the config tests' YAML lives, and how they look at a ConfigException.</summary>
internal static class ConfigFixtures
{
    public static string TestConfig(string name) => RepoPaths.Of("tests", "Lab.Runner.Tests", "TestData", "configs", name);

    public static string TestGrid(string name) => RepoPaths.Of("tests", "Lab.Runner.Tests", "TestData", "grids", name);

    public static string Preset(string name) => RepoPaths.Of("experiments", "presets", name);

    public static string Experiment(string name) => RepoPaths.Of("experiments", name);

    public static IReadOnlyList<string> Presets =>
        Directory.GetFiles(RepoPaths.Of("experiments", "presets"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Grids =>
        Directory.GetFiles(RepoPaths.Of("experiments"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    /// <summary>Asserts that <paramref name="error"/> sits at file:line:col under key and says <paramref name="says"/>.</summary>
    public static void At(ConfigError error, string fileName, int line, int column, string key, string says)
    {
        Assert.Equal(fileName, Path.GetFileName(error.Source));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(key, error.Key);
        Assert.Contains(says, error.Message);
    }

    /// <summary>The grid's distinct cells (config labels), in trial order.</summary>
    public static IReadOnlyList<string> ConfigLabels(GridPlan plan) => plan.Trials.Select(t => t.Trial.ConfigLabel).Distinct().ToList();

    public static ConfigException LoadFails(string path, params string[] sets) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, sets));

    public static ConfigException GridFails(string path, params string[] sets) =>
        Assert.Throws<ConfigException>(() => GridLoader.Load(path, sets));
}
