using System.Globalization;
using System.Text;
using Lab.Runner.Rendering;

namespace Lab.Runner.Playing;

/// <summary>
/// Draws `runner play`: on a terminal, live, redrawn in place at the terminal's current size, the
/// picture with a panel beside it (below it when the terminal is narrow); otherwise plain frames, one
/// after another, in ASCII with one machine-readable line each ("step 3 | return 3 | max Q 41.2 | ...").
/// </summary>
internal sealed class PlayScreen(TextWriter output, EnvironmentView view, string environment, int episodes, bool live, bool colour,
    bool assist)
{
    private const int PanelWidth = 30, PlainColumns = 64, PlainRows = 8;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Begin()
    {
        if (live) output.Write("\u001b[?25l\u001b[2J");
    }

    public void End()
    {
        if (live) output.Write("\u001b[?25h");
        output.Flush();
    }

    /// <summary>The frame; with <paramref name="prompt"/> while it waits for the person.</summary>
    public void Show(EpisodeFrame frame, double threshold, string? prompt)
    {
        if (live) ShowLive(frame, threshold, prompt);
        else if (prompt is not null) output.WriteLine(prompt);
        else ShowPlain(frame, threshold);
        output.Flush();
    }

    public string Prompt(EpisodeFrame frame, double threshold) =>
        $"Your move: max Q {Q(frame.MaxQ)} is not above the threshold {Q(threshold)} " +
        $"(the agent would choose {view.ActionName(frame.Greedy)}). {view.KeyHelp}, q quits.";

    private void ShowPlain(EpisodeFrame frame, double threshold)
    {
        foreach (var line in TerminalPicture.Render(view.Draw(frame.GymState), PlainColumns, PlainRows, unicode: false, colour: false))
            output.WriteLine(line.TrimEnd());
        var parts = new List<string>
        {
            string.Create(Inv, $"episode {frame.Episode + 1}"), string.Create(Inv, $"step {frame.Step}"), $"return {Caption.Number(frame.Return)}",
            $"max Q {Q(frame.MaxQ)}",
        };
        if (assist) parts.Add($"threshold {Q(threshold)}");
        parts.Add($"action {(frame.Action < 0 ? "end" : view.ActionName(frame.Action))}");
        if (assist && frame.Action >= 0) parts.Add(frame.ByPerson ? "by you" : "by agent");
        output.WriteLine(string.Join(" | ", parts));
        output.WriteLine();
    }

    private void ShowLive(EpisodeFrame frame, double threshold, string? prompt)
    {
        var (columns, rows) = TerminalSize();
        var panel = new List<string>
        {
            string.Create(Inv, $"step      {frame.Step}"),
            $"return    {Caption.Number(frame.Return)}",
            $"max Q     {Q(frame.MaxQ)}",
        };
        if (assist) panel.Add($"threshold {Q(threshold)}");
        panel.Add($"action    {(frame.Action < 0 ? (prompt is null ? "(episode over)" : "?") : view.ActionName(frame.Action))}");
        if (assist && frame.Action >= 0) panel.Add($"chosen by {(frame.ByPerson ? "you" : "the agent")}");
        if (prompt is not null) panel.Add($"agent     {view.ActionName(frame.Greedy)}");

        var beside = columns >= 2 * PanelWidth + 10;
        var pictureColumns = beside ? columns - PanelWidth - 1 : columns;
        var pictureRows = Math.Max(2, rows - 3 - (beside ? 0 : panel.Count));
        var picture = TerminalPicture.Render(view.Draw(frame.GymState), pictureColumns, pictureRows, unicode: true, colour);

        var sb = new StringBuilder("\u001b[H");
        var header = string.Create(Inv, $"{environment} · episode {frame.Episode + 1} of {episodes} · Ctrl+C or q stops");
        sb.Append(Bold(Fit(header, columns))).Append("\u001b[K\n");
        for (var row = 0; row < picture.Length; row++)
        {
            sb.Append(picture[row]);
            if (beside && row < panel.Count)
                sb.Append("\u001b[").Append(pictureColumns + 2).Append('G').Append(Fit(panel[row], PanelWidth));
            sb.Append("\u001b[K\n");
        }
        if (!beside)
            foreach (var line in panel) sb.Append(Fit(line, columns)).Append("\u001b[K\n");
        if (prompt is not null) sb.Append(Reverse(Fit(prompt, columns)));
        sb.Append("\u001b[K\u001b[J");
        output.Write(sb.ToString());
    }

    private string Bold(string text) => colour ? $"\u001b[1m{text}\u001b[0m" : text;

    private string Reverse(string text) => colour ? $"\u001b[7m{text}\u001b[0m" : text;

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";

    private static (int Columns, int Rows) TerminalSize()
    {
        try
        {
            var (columns, rows) = (Console.WindowWidth, Console.WindowHeight);
            return (columns > 0 ? columns : 80, rows > 0 ? rows : 24);
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    public static string Q(double value) => value.ToString("0.####", Inv);
}
