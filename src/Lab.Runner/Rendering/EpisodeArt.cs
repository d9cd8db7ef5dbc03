namespace Lab.Runner.Rendering;

/// <summary>The bytes of an episode's animation (.gif or .svg, by the file name) and of its Q-per-frame plot.</summary>
internal static class EpisodeArt
{
    /// <summary>Whether <paramref name="path"/> names an animation this can write (.gif or .svg).</summary>
    public static bool Writes(string path) => Path.GetExtension(path).ToLowerInvariant() is ".gif" or ".svg";

    /// <summary>Where the Q plot of the animation at <paramref name="animationPath"/> goes: episode.gif → episode-q.svg.</summary>
    public static string QPlotPath(string animationPath) =>
        Path.Combine(Path.GetDirectoryName(animationPath) ?? "", Path.GetFileNameWithoutExtension(animationPath) + "-q.svg");

    public static byte[] Animation(string path, IReadOnlyList<EpisodeTrace> traces, EnvironmentView view, int fps)
    {
        if (Path.GetExtension(path).Equals(".gif", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new MemoryStream();
            GifEpisode.Write(traces, view, fps, stream);
            return stream.ToArray();
        }
        return System.Text.Encoding.UTF8.GetBytes(SvgEpisode.Render(traces, view, fps));
    }
}
