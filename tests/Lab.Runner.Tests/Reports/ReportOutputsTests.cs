using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lab.Runner.Commands;
using Xunit;

namespace Lab.Runner.Tests.Reports;

/// <summary>The report's charts as files of their own, and the tidy tables of every episode and evaluation.</summary>
public sealed class ReportOutputsTests
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    private static TrialSpec Seed(string memory, string batch, int replicate, double final) =>
        new($"memory={memory} batch_size={batch}", replicate)
        {
            Returns = TrialSpec.LearningReturns(60, 30, 500, (ulong)(replicate + 1)),
            Evaluations = [(20, final / 3), (40, final / 2)],
            FinalMean = final,
            Params = new Dictionary<string, string> { ["memory"] = memory, ["batch_size"] = batch, ["evaluation.max_steps"] = "null" },
        };

    private static TempResults TwoKeyGrid()
    {
        var results = new TempResults().Sweep("grid", "Memory and batch?");
        foreach (var memory in new[] { "2000", "10000" })
            foreach (var batch in new[] { "64", "512" })
                for (var r = 0; r < 2; r++)
                    results.Add(Seed(memory, batch, r, 100 + 50 * r + (memory == "10000" ? 200 : 0)));
        return results;
    }

    private static void Report(TempResults results) =>
        Assert.Equal(0, ReportCommand.Run(results.Root, Lab.Runner.Progress.PlainConsole.Create(new StringWriter(), 200), 200));

    [Fact]
    public void Every_chart_is_also_a_standalone_svg_file_that_the_page_embeds()
    {
        using var results = TwoKeyGrid();

        Report(results);

        var files = Directory.GetFiles(results.Root, "chart-*.svg").Select(f => Path.GetFileNameWithoutExtension(f)!["chart-".Length..]).Order().ToList();
        // every folder of a results folder is still a trial
        Assert.All(Directory.GetDirectories(results.Root), d => Assert.True(File.Exists(Path.Combine(d, "trial.json")), d));
        Assert.Equal(["evaluation-curves", "evaluation-per-seed", "final-scores", "heatmap", "learning-curves", "loss-q-epsilon", "training-per-seed"], files);
        var html = File.ReadAllText(results.PathOf("report.html"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(results.PathOf($"chart-{file}.svg"));
            var root = XDocument.Parse(text).Root!;
            Assert.Equal(SvgNs + "svg", root.Name);
            Assert.NotNull(root.Attribute("width"));
            Assert.NotNull(root.Attribute("height"));
            Assert.Contains(text.Replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""), html);
            Assert.Contains($"chart-{file}.svg", html);
        }
    }

    [Fact]
    public void The_per_seed_charts_draw_one_line_per_seed_and_the_heatmap_one_cell_per_config()
    {
        using var results = TwoKeyGrid();

        Report(results);

        var training = File.ReadAllText(results.PathOf("chart-training-per-seed.svg"));
        var evaluation = File.ReadAllText(results.PathOf("chart-evaluation-per-seed.svg"));
        var heatmap = XDocument.Parse(File.ReadAllText(results.PathOf("chart-heatmap.svg")));
        Assert.Equal(8, Regex.Matches(training, "<path class=\"seed-curve\"").Count);
        Assert.Equal(8, Regex.Matches(evaluation, "<path class=\"seed-eval\"").Count);
        // two evaluations and the final one per seed
        Assert.Equal(24, Regex.Matches(evaluation, "<circle class=\"seed-eval-point\"").Count);
        var cells = heatmap.Descendants(SvgNs + "g").Where(g => (string?)g.Attribute("class") == "cell").ToList();
        Assert.Equal(4, cells.Count);
        // memory=10000 batch_size=64 scores 300 and 350: IQM 325 written in its cell
        var cell = cells.Single(g => (string?)g.Attribute("data-config") == "memory=10000 batch_size=64");
        Assert.Contains(cell.Descendants(SvgNs + "text"), t => t.Value == "325.0");
        var metrics = File.ReadAllText(results.PathOf("chart-loss-q-epsilon.svg"));
        Assert.Equal(4, Regex.Matches(metrics, "<path class=\"loss\"").Count);
        Assert.Equal(4, Regex.Matches(metrics, "<path class=\"epsilon\"").Count);
    }

    [Fact]
    public void A_grid_over_one_key_has_no_heatmap_and_a_stale_one_is_removed()
    {
        using var results = TwoKeyGrid();
        Report(results);
        Assert.True(File.Exists(results.PathOf("chart-heatmap.svg")));
        // the same folder now holds a grid over one key
        foreach (var dir in Directory.GetDirectories(results.Root).Where(d => Path.GetFileName(d).StartsWith("memory_2000_", StringComparison.Ordinal)))
            Directory.Delete(dir, recursive: true);

        Report(results);

        Assert.False(File.Exists(results.PathOf("chart-heatmap.svg")));
        Assert.DoesNotContain("class=\"chart heatmap\"", File.ReadAllText(results.PathOf("report.html")));
    }

    [Fact]
    public void The_tidy_episode_table_has_every_episode_of_every_trial_with_its_parameters_as_columns()
    {
        using var results = TwoKeyGrid();

        Report(results);

        var lines = File.ReadAllLines(results.PathOf("episodes.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(["trial_id", "config", "replicate", "seed", "status", "scored"], header[..6]);
        Assert.Contains("memory", header);
        Assert.Contains("batch_size", header);
        Assert.Contains("evaluation.max_steps", header);
        Assert.Equal(["episode", "env_steps", "return", "shaped_return", "length", "terminated", "epsilon", "td_loss", "taken_q", "mean_max_q", "updates"], header[^11..]);
        Assert.Equal(8 * 60 + 1, lines.Length);
        // each row's return is the trial's metrics.csv row, and a null parameter is an empty field
        var spec = Seed("10000", "512", 1, 0);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r[0] == spec.TrialId).ToList();
        Assert.Equal(60, rows.Count);
        var metrics = File.ReadAllLines(Path.Combine(results.Root, spec.TrialId, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        int Col(string name) => Array.IndexOf(header, name);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][Col("episode")]);
            Assert.Equal(metrics[i][2], rows[i][Col("return")]);
            Assert.Equal("10000", rows[i][Col("memory")]);
            Assert.Equal("512", rows[i][Col("batch_size")]);
            Assert.Equal("", rows[i][Col("evaluation.max_steps")]);
            Assert.Equal("1001", rows[i][Col("seed")]);
            Assert.Equal("finished", rows[i][Col("status")]);
        }
    }

    [Fact]
    public void The_tidy_evaluation_table_has_every_evaluation_and_marks_the_final_one()
    {
        using var results = TwoKeyGrid();

        Report(results);

        var lines = File.ReadAllLines(results.PathOf("evaluations.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        Assert.Equal(8 * 3 + 1, lines.Length);
        var spec = Seed("2000", "64", 1, 0);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r[0] == spec.TrialId).ToList();
        Assert.Equal(["0", "0", "1"], rows.Select(r => r[Col("final")]));
        Assert.Equal(["20", "40", "60"], rows.Select(r => r[Col("episode")]));
        Assert.Equal("150", rows[2][Col("mean")]);
        Assert.Equal("20", rows[2][Col("episodes")]);
        Assert.Equal("500", rows[2][Col("max_steps")]);
    }

    [Fact]
    public void With_one_config_every_seed_gets_a_panel_of_its_own()
    {
        using var results = new TempResults().Add(Seed("2000", "64", 0, 100), Seed("2000", "64", 1, 200), Seed("2000", "64", 2, 300));

        Report(results);

        var svg = XDocument.Parse(File.ReadAllText(results.PathOf("chart-evaluation-per-seed.svg")));
        var panels = svg.Root!.Elements(SvgNs + "svg").ToList();
        Assert.Equal(3, panels.Count);
        Assert.All(panels, p => Assert.Single(p.Descendants(SvgNs + "path"), e => (string?)e.Attribute("class") == "seed-eval"));
        Assert.Contains(panels[2].Descendants(SvgNs + "text"), t => t.Value == "replicate 2 · seed 1002 · score 300.0");
    }
}
