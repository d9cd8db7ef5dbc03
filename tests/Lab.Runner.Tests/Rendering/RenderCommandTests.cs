using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lab.Runner.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace Lab.Runner.Tests.Rendering;

/// <summary>`runner render` end to end: the files it writes, opened by a GIF decoder and by a browser.</summary>
public sealed class RenderCommandTests
{
    [Fact]
    public void Given_a_gif_it_holds_one_frame_per_state_of_the_episode_at_the_envs_size_and_frame_rate_and_loops()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);
        var gif = Path.Combine(temp.Path, "out", "episode.gif");

        var run = RunnerProcess.Run(temp.Path, "render", model, "--out", gif);

        Assert.Equal(0, run.ExitCode);
        var steps = HandModels.AlwaysRightSteps(seed: 1, episode: 0);
        Assert.Contains($"Episode 1: {steps} steps, return {steps} (terminated).", run.Output);
        using var image = Image.Load(gif);
        Assert.Equal(steps + 1, image.Frames.Count); // every state, the last one included
        // CartPole's scene is 4.8 m × 1.45 m: 480 × 145 px, under a 20 px caption.
        Assert.Equal((480, 165), (image.Width, image.Height));
        Assert.Equal(2, image.Frames[0].Metadata.GetGifMetadata().FrameDelay); // 50 fps
        Assert.Equal(0, image.Metadata.GetGifMetadata().RepeatCount); // loops forever
        Assert.True(File.Exists(Path.Combine(temp.Path, "out", "episode-q.svg")));
    }

    [Fact]
    public void Given_episodes_seed_and_fps_the_gif_plays_those_episodes_from_that_seed_at_that_rate()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);
        var gif = Path.Combine(temp.Path, "two.gif");

        var run = RunnerProcess.Run(temp.Path, "render", model, "--out", gif, "--episodes", "2", "--seed", "5", "--fps", "10");

        Assert.Equal(0, run.ExitCode);
        var (first, second) = (HandModels.AlwaysRightSteps(5, 0), HandModels.AlwaysRightSteps(5, 1));
        using var image = Image.Load(gif);
        Assert.Equal(first + 1 + second + 1, image.Frames.Count);
        Assert.Equal(10, image.Frames[^1].Metadata.GetGifMetadata().FrameDelay);
        Assert.Contains($"Episode 2: {second} steps", run.Output);
    }

    [Fact]
    public void Given_an_svg_it_is_one_frame_group_per_state_animated_without_script_and_the_q_plot_has_a_line_per_action()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);
        var svg = Path.Combine(temp.Path, "episode.svg");

        var run = RunnerProcess.Run(temp.Path, "render", model, "--out", svg, "--fps", "25");

        Assert.Equal(0, run.ExitCode);
        var steps = HandModels.AlwaysRightSteps(1, 0);
        var document = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var frames = document.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "frame").ToList();
        Assert.Equal(steps + 1, frames.Count);
        Assert.Empty(document.Descendants(ns + "script"));
        // Each frame shows for 1/25 s of a loop of (steps + 1) / 25 s.
        var duration = $"{(steps + 1) / 25.0:0.###}s".Replace(',', '.');
        Assert.All(frames.Skip(1), f => Assert.Equal(duration, (string?)f.Element(ns + "animate")?.Attribute("dur")));
        Assert.Contains($"step {steps} ", frames[^1].Value);

        var plot = XDocument.Load(Path.Combine(temp.Path, "episode-q.svg"));
        var lines = plot.Descendants(ns + "path").Where(p => (string?)p.Attribute("class") == "q").ToList();
        Assert.Equal(["left", "right"], lines.Select(l => (string?)l.Attribute("data-config")));
        // One point per step taken: "M" then one "L" per further step.
        Assert.All(lines, l => Assert.Equal(steps - 1, Regex.Matches((string)l.Attribute("d")!, "L").Count));
    }

    [Fact]
    public void Given_an_output_that_is_neither_gif_nor_svg_it_says_so_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);

        var run = RunnerProcess.Run(temp.Path, "render", model, "--out", "episode.mp4");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out must name a .gif or an .svg file", run.Error);
        Assert.Single(Directory.GetFiles(temp.Path)); // the model only
    }

    [ChromiumFact]
    public void Given_an_svg_headless_chromium_draws_the_cart_and_the_pole()
    {
        using var temp = new TempDirectory();
        var model = HandModels.AlwaysRight(temp.Path);
        var svg = Path.Combine(temp.Path, "episode.svg");
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "render", model, "--out", svg).ExitCode);
        var png = Path.Combine(temp.Path, "shot.png");

        var info = new ProcessStartInfo(ChromiumFactAttribute.Chromium!)
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=600,210", $"--screenshot={png}", new Uri(svg).AbsoluteUri },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using (var chromium = Process.Start(info)!)
        {
            chromium.StandardOutput.ReadToEndAsync();
            chromium.StandardError.ReadToEndAsync();
            Assert.True(chromium.WaitForExit(120_000), "chromium did not finish");
        }

        using var shot = Image.Load<Rgb24>(png);
        int Pixels(Func<Rgb24, bool> colour, int x0, int x1, int y0, int y1)
        {
            var n = 0;
            for (var y = y0; y < y1; y++)
                for (var x = x0; x < x1; x++)
                    n += colour(shot[x, y]) ? 1 : 0;
            return n;
        }
        static bool Dark(Rgb24 p) => p is { R: < 40, G: < 40, B: < 40 };
        // Below the caption strip, the cart is a black box 50 px wide and 30 px tall (Gymnasium's size at
        // 125 px per metre): the columns that hold more than 15 dark pixels (the 1 px track adds one each).
        var cartColumns = Enumerable.Range(0, shot.Width).Count(x => Pixels(Dark, x, x + 1, 30, shot.Height) > 15);
        Assert.InRange(cartColumns, 46, 52);
        // The pole, 10 × 125 px in tan (202, 152, 101), partly over the cart.
        Assert.True(Pixels(p => Math.Abs(p.R - 202) < 20 && Math.Abs(p.G - 152) < 20 && Math.Abs(p.B - 101) < 20, 0, shot.Width, 0, shot.Height) > 500);
    }
}
