using System.Xml.Linq;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed class TrialPlotTests
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_trial_plot_is_a_valid_standalone_svg_with_every_evaluation()
    {
        var trial = new TrialSpec("batch_size=64 <&>", 0)
        {
            Returns = TrialSpec.LearningReturns(200, 80, 500, 5),
            Evaluations = [(50, 30), (100, 210), (150, 460)],
            FinalMean = 500,
        }.Build();

        var svg = XDocument.Parse(TrialPlot.Render(trial.Result("unused")));

        Assert.Equal(SvgNs + "svg", svg.Root!.Name);
        var circles = svg.Descendants(SvgNs + "circle").Where(c => (string?)c.Attribute("class") == "eval").ToList();
        Assert.Equal(4, circles.Count); // three eval.csv rows plus the final evaluation
        Assert.Single(svg.Descendants(SvgNs + "path"), p => (string?)p.Attribute("class") == "smoothed");
        Assert.Contains("batch_size=64 <&>", svg.Root.Value);
    }

    [Fact]
    public void The_plot_of_a_trial_in_memory_is_the_plot_of_the_same_trial_read_back_from_its_folder()
    {
        using var results = new TempResults();
        var trial = new TrialSpec("x", 0)
        {
            Returns = TrialSpec.LearningReturns(150, 60, 500, 7),
            Evaluations = [(50, 30), (100, 210)],
            FinalMean = 480,
        }.Build();
        var directory = trial.Write(results.Root);

        Assert.Equal(TrialPlot.Render(trial.Result(directory)), TrialPlot.Render(ResultsReader.ReadTrial(directory)));
    }

    [Fact]
    public void A_trial_without_episodes_gets_a_plot_that_says_so()
    {
        var trial = new TrialSpec("x", 0) { Status = null }.Build();

        var svg = XDocument.Parse(TrialPlot.Render(trial.Result("unused")));

        Assert.Contains("no episodes recorded yet", svg.Root!.Value);
    }
}
