using System.Text;

namespace Lab.Runner.Tests.Support;

/// <summary>
/// A small terminal emulator to read back what a program drew: rows of cells with xterm's autowrap
/// (a row filled to the last column wraps at the next character), the cursor moves and erases a
/// progress display uses (CR, LF, CSI A/B/C/D/G/H/J/K), SGR and mode changes ignored, and scrollback
/// kept. A resize reflows soft-wrapped rows as VTE, iTerm2, kitty and tmux do; the test's shell
/// announces one with <c>OSC 777;resize;COLUMNS BEL</c> at the moment it changes the pty's size.
/// Any other escape sequence fails the read, so a test never passes over output it did not understand.
/// </summary>
public sealed class TerminalScreen(int width, int height)
{
    private sealed class Row
    {
        public StringBuilder Cells { get; } = new();
        /// <summary>The text goes on in the next row (the terminal wrapped it, nobody wrote a newline).</summary>
        public bool Wrapped { get; set; }
    }

    private readonly List<Row> _rows = [new()];
    private int _row;
    private int _col;
    private bool _pendingWrap;

    public int Width { get; private set; } = width;

    /// <summary>Called before each erase to the end of the screen (CSI J): the progress display is about to redraw.</summary>
    public Action<TerminalScreen>? BeforeErase { get; set; }

    /// <summary>Index of the first row on screen; rows above it are scrollback.</summary>
    private int Top => Math.Max(0, _rows.Count - height);

    public int CursorRow => _row;

    /// <summary>Every row, scrollback first, as text without trailing blanks.</summary>
    public IReadOnlyList<string> Rows => _rows.Select(r => r.Cells.ToString().TrimEnd()).ToList();

    /// <summary>The rows joined where the terminal wrapped them: what was written as one line.</summary>
    public IReadOnlyList<string> Lines => LinesOf(0, _rows.Count);

    /// <summary>The logical lines of rows [from, to).</summary>
    public IReadOnlyList<string> LinesOf(int from, int to)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            current.Append(_rows[i].Cells.ToString());
            if (_rows[i].Wrapped && i + 1 < to) continue;
            lines.Add(current.ToString().TrimEnd());
            current.Clear();
        }
        return lines;
    }

    public void Feed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    _col = 0;
                    _pendingWrap = false;
                    break;
                case '\n':
                    LineFeed();
                    break;
                case '\a':
                    break;
                case '\u001b':
                    i = Escape(text, i);
                    break;
                default:
                    if (char.IsControl(c)) throw new FormatException($"control character U+{(int)c:X4} at {i}");
                    Put(c);
                    break;
            }
        }
    }

    private void Put(char c)
    {
        if (_pendingWrap)
        {
            _rows[_row].Wrapped = true;
            LineFeed();
            _col = 0;
            _pendingWrap = false;
        }
        var cells = _rows[_row].Cells;
        while (cells.Length < _col) cells.Append(' ');
        if (_col < cells.Length) cells[_col] = c;
        else cells.Append(c);
        if (_col == Width - 1) _pendingWrap = true;
        else _col++;
    }

    private void LineFeed()
    {
        _pendingWrap = false;
        _row++;
        if (_row == _rows.Count) _rows.Add(new Row());
    }

    private int Escape(string text, int start)
    {
        if (start + 1 >= text.Length) throw new FormatException("escape at the end of the output");
        var kind = text[start + 1];
        if (kind is '=' or '>') return start + 1; // keypad modes
        if (kind == ']') return Osc(text, start);
        if (kind != '[') throw new FormatException($"unknown escape ESC {kind}");
        var end = start + 2;
        while (end < text.Length && text[end] is >= '0' and <= '9' or ';' or '?') end++;
        if (end >= text.Length) throw new FormatException("unfinished CSI sequence");
        var parameters = text[(start + 2)..end];
        var n = int.TryParse(parameters.TrimStart('?').Split(';')[0], out var value) ? value : 0;
        switch (text[end])
        {
            case 'm':
            case 'h':
            case 'l':
                break;
            case 'A':
                _row = Math.Max(Top, _row - Math.Max(1, n));
                _pendingWrap = false;
                break;
            case 'B':
                _row = Math.Min(_rows.Count - 1, _row + Math.Max(1, n));
                _pendingWrap = false;
                break;
            case 'C':
                _col = Math.Min(Width - 1, _col + Math.Max(1, n));
                _pendingWrap = false;
                break;
            case 'D':
                _col = Math.Max(0, _col - Math.Max(1, n));
                _pendingWrap = false;
                break;
            case 'G':
                _col = Math.Clamp(n - 1, 0, Width - 1);
                _pendingWrap = false;
                break;
            case 'J':
                if (n != 0) throw new FormatException($"CSI {n}J is not used by a progress display");
                BeforeErase?.Invoke(this);
                EraseLineFrom(_col);
                _rows.RemoveRange(_row + 1, _rows.Count - _row - 1);
                break;
            case 'K':
                if (n == 2) EraseLineFrom(0);
                else if (n == 0) EraseLineFrom(_col);
                else throw new FormatException($"CSI {n}K");
                break;
            default:
                throw new FormatException($"unknown CSI sequence '{parameters}{text[end]}'");
        }
        return end;
    }

    private void EraseLineFrom(int col)
    {
        var cells = _rows[_row].Cells;
        if (col < cells.Length) cells.Length = col;
        _rows[_row].Wrapped = false;
        _pendingWrap = false;
    }

    /// <summary>OSC 777;resize;N BEL: the test resized the pty to N columns here.</summary>
    private int Osc(string text, int start)
    {
        var end = text.IndexOf('\a', start);
        if (end < 0) throw new FormatException("unfinished OSC sequence");
        var body = text[(start + 2)..end].Split(';');
        if (body is ["777", "resize", var columns]) Resize(int.Parse(columns));
        else throw new FormatException($"unknown OSC sequence '{string.Join(';', body)}'");
        return end;
    }

    /// <summary>Reflows every row to the new width, keeping the cursor on the same character.</summary>
    public void Resize(int columns)
    {
        var logical = new List<(string Text, bool HasCursor, int CursorOffset)>();
        var current = new StringBuilder();
        int? cursor = null;
        for (var i = 0; i < _rows.Count; i++)
        {
            if (i == _row) cursor = current.Length + _col;
            current.Append(_rows[i].Cells.ToString());
            if (_rows[i].Wrapped && i + 1 < _rows.Count) continue;
            logical.Add((current.ToString(), cursor is not null, cursor ?? 0));
            current.Clear();
            cursor = null;
        }

        Width = columns;
        _rows.Clear();
        foreach (var (lineText, hasCursor, offset) in logical)
        {
            var line = lineText.TrimEnd();
            var first = _rows.Count;
            var pieces = Math.Max(1, (line.Length + columns - 1) / columns);
            for (var p = 0; p < pieces; p++)
            {
                var row = new Row();
                row.Cells.Append(line.AsSpan(p * columns, Math.Min(columns, line.Length - p * columns)));
                row.Wrapped = p < pieces - 1;
                _rows.Add(row);
            }
            if (hasCursor)
            {
                var target = Math.Min(offset, line.Length);
                _row = first + Math.Min(pieces - 1, target / columns);
                _col = target - (_row - first) * columns;
                _pendingWrap = _col >= columns;
                if (_pendingWrap) _col = columns - 1;
            }
        }
        if (_rows.Count == 0) _rows.Add(new Row());
    }
}
