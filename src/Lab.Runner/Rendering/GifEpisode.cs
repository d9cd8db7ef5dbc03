using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Quantization;

namespace Lab.Runner.Rendering;

/// <summary>
/// Episodes as an animated GIF (looping), encoded by SixLabors.ImageSharp with the palette of the inks,
/// so nothing is dithered. Each frame is the scene drawn by <see cref="Raster"/> under a caption strip
/// in <see cref="PixelFont"/>; frames last 1/fps seconds, rounded to GIF's hundredths (at least 2:
/// browsers slow down shorter delays).
/// </summary>
internal static class GifEpisode
{
    private const int MaxWidth = 480, MaxSceneHeight = 320, CaptionHeight = 20, FontScale = 2;

    /// <summary>The frame size of <paramref name="view"/>'s GIFs (caption included).</summary>
    public static (int Width, int Height) Size(Scene scene)
    {
        var (width, height) = Raster.Fit(scene.Aspect, MaxWidth, MaxSceneHeight);
        return (width, height + CaptionHeight);
    }

    /// <summary>GIF delay in hundredths of a second for <paramref name="fps"/> frames per second.</summary>
    public static int Delay(int fps) => Math.Max(2, (int)Math.Round(100.0 / fps));

    public static void Write(IReadOnlyList<EpisodeTrace> traces, EnvironmentView view, int fps, Stream output)
    {
        var frames = traces.SelectMany(t => t.Frames.Select(f => (t.Episode, Frame: f))).ToList();
        if (frames.Count == 0) throw new ArgumentException("no frames to draw", nameof(traces));
        var (width, height) = Size(view.Draw(frames[0].Frame.GymState));
        var raster = new Raster(width, height);
        var colours = Enumerable.Range(0, Palette.Count).Select(i => Palette.Rgb((Ink)i)).Select(c => new Rgb24(c.R, c.G, c.B)).ToArray();
        var pixels = new Rgb24[width * height];

        using var gif = new Image<Rgb24>(width, height);
        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        foreach (var (episode, frame) in frames)
        {
            raster.Clear();
            raster.Draw(view.Draw(frame.GymState), CaptionHeight);
            var caption = (traces.Count > 1 ? $"ep {episode + 1}  " : "") + Caption.Of(view, frame, "  ");
            PixelFont.Write(raster, caption, 6, (CaptionHeight - PixelFont.GlyphHeight * FontScale) / 2, FontScale, Ink.Text);
            var ink = raster.Pixels;
            for (var i = 0; i < pixels.Length; i++) pixels[i] = colours[(int)ink[i]];
            using var image = Image.LoadPixelData<Rgb24>(pixels, width, height);
            image.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = Delay(fps);
            gif.Frames.AddFrame(image.Frames.RootFrame);
        }
        gif.Frames.RemoveFrame(0); // the blank frame the image was created with
        var palette = colours.Select(c => new Color(c)).ToArray();
        gif.SaveAsGif(output, new GifEncoder
        {
            ColorTableMode = GifColorTableMode.Global,
            Quantizer = new PaletteQuantizer(palette, new QuantizerOptions { Dither = null }),
        });
    }
}
