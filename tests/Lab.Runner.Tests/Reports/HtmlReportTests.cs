using System.Text.RegularExpressions;
using Lab.Agent;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Xunit;

namespace Lab.Runner.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private static string Html(TempResults results) =>
        HtmlReport.Render(Summarizer.Summarize(ResultsReader.Read(results.Root), 300));

    private static TrialSpec Seed(string label, int replicate, double final) => new(label, replicate)
    {
        Returns = TrialSpec.LearningReturns(120, 50 + replicate * 5, 500, (ulong)replicate + 1),
        Evaluations = [(40, final / 4), (80, final / 2), (120, final)],
        FinalMean = final,
    };

    [GeneratedRegex("<path class=\"curve\" data-config=\"([^\"]*)\"")]
    private static partial Regex CurvePath();

    [Fact]
    public void The_page_is_self_contained_with_no_scripts_and_no_links_to_the_internet()
    {
        using var results = new TempResults().Sweep("memory", "Does a 10K memory forget less than 2K?")
            .Add(Seed("memory=2000", 0, 300), Seed("memory=2000", 1, 350), Seed("memory=10000", 0, 480), Seed("memory=10000", 1, 500));

        var html = Html(results);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("Does a 10K memory forget less than 2K?", html);
    }

    [Fact]
    public void There_is_one_learning_curve_and_one_evaluation_curve_per_config()
    {
        using var results = new TempResults()
            .Add(Seed("memory=2000", 0, 300), Seed("memory=2000", 1, 350), Seed("memory=10000", 0, 480), Seed("memory=10000", 1, 500), Seed("memory=500", 0, 20));

        var html = Html(results);

        var curves = CurvePath().Matches(html).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(["memory=10000", "memory=2000", "memory=500"], curves);
        Assert.Equal(3, Regex.Matches(html, "<path class=\"eval-curve\"").Count);
        Assert.Equal(5, Regex.Matches(html, "<circle class=\"seed\"").Count);
        Assert.Equal(3, Regex.Matches(html, "<rect class=\"iqm\"").Count);
        // configs with two seeds have a band, the one with a single seed has none
        Assert.True(Regex.Matches(html, "<path class=\"curve-band\"").Count >= 2);
    }

    [Fact]
    public void A_label_that_contains_a_script_tag_is_escaped_everywhere()
    {
        const string evil = "lr=<script>alert('x')</script>&\"q\"";
        using var results = new TempResults().Sweep("<b>grid</b>", "<img onerror=alert(1)>?").Add(Seed(evil, 0, 100), Seed(evil, 1, 120));

        var html = Html(results);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>grid", html);
        Assert.Contains("lr=&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;q&quot;", html);
        Assert.Contains("&lt;img onerror=alert(1)&gt;?", html);
    }

    [Fact]
    public void One_seed_of_one_config_gives_a_sensible_page_with_a_curve_and_no_band()
    {
        using var results = new TempResults().Add(Seed("", 0, 400));

        var html = Html(results);

        Assert.Single(CurvePath().Matches(html));
        Assert.DoesNotContain("class=\"curve-band\"", html);
        Assert.Contains("(single config)", html);
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
    }

    [Fact]
    public void Without_evaluation_rows_there_is_no_evaluation_chart()
    {
        using var results = new TempResults().Add(new TrialSpec("x", 0) { Returns = [10, 20, 30], Status = TrialStatus.Finished });

        var html = Html(results);

        Assert.DoesNotContain("Evaluation during training", html);
        Assert.Contains("no scored seeds", html);
    }

    [Fact]
    public void Failed_and_incomplete_trials_are_listed_with_their_reasons()
    {
        using var results = new TempResults().Add(
            Seed("x", 0, 300),
            new TrialSpec("x", 1) { Returns = [10], Status = TrialStatus.Failed, Reason = "exception: <boom>" },
            new TrialSpec("y", 0) { Returns = [10], Status = null });

        var html = Html(results);

        Assert.Contains("Failed and unfinished trials", html);
        Assert.Contains("exception: &lt;boom&gt;", html);
        Assert.Contains("<td>failed</td>", html);
        Assert.Contains("<td>incomplete</td>", html);
        Assert.Contains("no status.json", html);
    }
}
