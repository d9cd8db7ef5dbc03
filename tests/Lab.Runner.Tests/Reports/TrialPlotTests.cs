using System.Xml.Linq;
using Lab.Runner.Reports;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class TrialPlotTests
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_trial_plot_is_a_valid_standalone_svg_with_every_evaluation()
    {
        using var results = new TempResults();
        var dir = new SyntheticTrial("batch_size=64 <&>", 0)
        {
            Returns = SyntheticTrial.LearningReturns(200, 80, 500, 5),
            Evaluations = [(50, 30), (100, 210), (150, 460)],
            FinalMean = 500,
        }.Write(results.Root);

        var path = TrialPlot.WriteSvg(dir);

        Assert.Equal(Path.Combine(dir, "plot.svg"), path);
        var svg = XDocument.Parse(File.ReadAllText(path));
        Assert.Equal(SvgNs + "svg", svg.Root!.Name);
        var circles = svg.Descendants(SvgNs + "circle").Where(c => (string?)c.Attribute("class") == "eval").ToList();
        Assert.Equal(4, circles.Count); // three eval.csv rows plus the final evaluation
        Assert.Single(svg.Descendants(SvgNs + "path"), p => (string?)p.Attribute("class") == "smoothed");
        Assert.Contains("batch_size=64 <&>", svg.Root.Value);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void A_trial_without_episodes_gets_a_plot_that_says_so()
    {
        using var results = new TempResults();
        var dir = new SyntheticTrial("x", 0) { Status = null }.Write(results.Root);

        var svg = XDocument.Parse(File.ReadAllText(TrialPlot.WriteSvg(dir)));

        Assert.Contains("no episodes recorded yet", svg.Root!.Value);
    }

    [Fact]
    public void A_missing_trial_folder_is_an_error()
    {
        Assert.Throws<DirectoryNotFoundException>(() => TrialPlot.WriteSvg(Path.Combine(Path.GetTempPath(), "dqnlab-no-trial-" + Guid.NewGuid().ToString("N"))));
    }
}
