using System.Text;

namespace Lab.Runner.Progress;

/// <summary>
/// The terminal as a <see cref="TextWriter"/> that keeps a live region (progress lines) at its bottom.
/// Everything written goes above the region: the region is erased, the complete lines are written,
/// and the region is drawn again, all in one write, so nothing written from another thread can land
/// inside it. Live lines are cut to one cell less than the terminal's width, so the terminal never
/// wraps them and the number of rows to go back up is always known; after the terminal got narrower,
/// the rows are counted as a reflowing terminal (VTE, iTerm2, kitty, Windows Terminal, tmux) shows them.
/// </summary>
internal sealed class LiveTerminal(Stream output) : TextWriter
{
    private const string Csi = "\u001b[";
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private Func<int, IReadOnlyList<string>>? _live;
    private int[] _drawn = [];
    private int _drawnWidth;

    public override Encoding Encoding { get; } = new UTF8Encoding(false);

    /// <summary>The terminal's width in cells now (80 when it cannot be read).</summary>
    public static int Width => TerminalSize.Read() is { Columns: >= 10 } size ? size.Columns : 80;

    /// <summary>The terminal's height in rows now (24 when it cannot be read).</summary>
    public static int Height => TerminalSize.Read() is { Rows: >= 3 } size ? size.Rows : 24;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            if (value == '\n') Emit(redraw: false);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate)
        {
            _pending.Append(value);
            if (value.Contains('\n')) Emit(redraw: false);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_gate) Emit(redraw: false);
    }

    /// <summary>Starts a live region whose lines <paramref name="lines"/> makes for a width in cells.</summary>
    public void Show(Func<int, IReadOnlyList<string>> lines)
    {
        lock (_gate)
        {
            _live = lines;
            Emit(redraw: true);
        }
    }

    /// <summary>Draws the live region again (from a timer); nothing when none is shown.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_live is not null) Emit(redraw: true);
        }
    }

    /// <summary>Erases the live region and ends it; what was written stays.</summary>
    public void Hide()
    {
        lock (_gate)
        {
            _live = null;
            Emit(redraw: true);
        }
    }

    /// <summary>
    /// Writes the complete lines pending (all of it when no region is live) and, when asked or when
    /// lines went above it, the region again.
    /// </summary>
    private void Emit(bool redraw)
    {
        var text = _pending.ToString();
        if (_live is not null)
        {
            // A partial line waits: the region must start at the beginning of a line.
            var end = text.LastIndexOf('\n') + 1;
            text = text[..end];
        }
        if (text.Length == 0 && !redraw) return;
        _pending.Remove(0, text.Length);

        var width = Width;
        var frame = new StringBuilder();
        if (_drawn.Length > 0) frame.Append(EraseRegion(width));
        frame.Append(text);
        if (_live is not null)
        {
            var lines = _live(width).Select(line => Cut(line, width - 1)).ToArray();
            frame.Append(string.Join('\n', lines));
            _drawn = lines.Select(l => l.Length).ToArray();
            _drawnWidth = width;
        }
        else _drawn = [];

        var bytes = Encoding.GetBytes(frame.ToString());
        output.Write(bytes, 0, bytes.Length);
        output.Flush();
    }

    /// <summary>Back to the first row of the region, which is cleared to the end of the screen.</summary>
    private string EraseRegion(int width)
    {
        var rows = 0;
        foreach (var length in _drawn)
            rows += width < _drawnWidth ? Math.Max(1, (length + width - 1) / width) : 1;
        return "\r" + (rows > 1 ? $"{Csi}{rows - 1}A" : "") + $"{Csi}J";
    }

    private static string Cut(string line, int cells) =>
        line.Length <= cells ? line : cells <= 1 ? "" : line[..(cells - 1)] + "…";
}
