using System.Globalization;
using System.Text;

namespace Lab.Runner.Store;

/// <summary>
/// A small invariant-culture CSV reader for the results store: a header row, then rows read by column
/// name. Quoted fields (RFC 4180) are understood; a row with the wrong number of fields, such as the
/// half-written last row of a crashed trial, is skipped.
/// </summary>
internal sealed class CsvFile
{
    private readonly Dictionary<string, int> _columns;

    private CsvFile(Dictionary<string, int> columns, List<string[]> rows)
    {
        _columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvFile? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = ReadLinesShared(path);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rows = new List<string[]>();
        string[]? header = null;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var fields = Split(line);
            if (fields is null) continue;
            if (header is null)
            {
                header = fields;
                for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
                continue;
            }
            if (fields.Length == header.Length) rows.Add(fields);
        }
        return new CsvFile(columns, rows);
    }

    /// <summary>Reads while a trainer may still be appending (the file stays open for writing elsewhere).</summary>
    private static List<string> ReadLinesShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        var text = reader.ReadToEnd();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..i].TrimEnd('\r'));
            start = i + 1;
        }
        // a last line without its newline may be half written: keep it only if it parses to the full width
        if (start < text.Length) lines.Add(text[start..].TrimEnd('\r'));
        return lines;
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public string? Get(string[] row, string column) =>
        _columns.TryGetValue(column, out var i) && i < row.Length ? row[i] : null;

    public bool TryDouble(string[] row, string column, out double value)
    {
        var text = Get(row, column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public bool TryLong(string[] row, string column, out long value)
    {
        var text = Get(row, column);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        // tolerate "12.0"
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }
        return false;
    }

    private static string[]? Split(string line)
    {
        if (!line.Contains('"')) return line.Split(',');
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) return null;
        fields.Add(field.ToString());
        return [.. fields];
    }
}
