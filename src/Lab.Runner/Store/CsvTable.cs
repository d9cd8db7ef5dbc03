using System.Text;

namespace Lab.Runner.Store;

/// <summary>
/// The one CSV reader of the results store: comma-separated, invariant culture, a header row, columns
/// found by name. Only whole rows are read: a last line without its newline is a row still being written
/// (or cut by a crash), and reading stops at a row with the wrong number of fields.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, Dictionary<string, int> columns, List<CsvRow> rows)
    {
        Path = path;
        Columns = columns;
        Rows = rows;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, int> Columns { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>The file's whole rows; null when the file does not exist.</summary>
    /// <param name="required">Columns the file must have.</param>
    /// <exception cref="FormatException">A required column is missing.</exception>
    public static CsvTable? TryRead(string path, params string[] required)
    {
        if (!File.Exists(path)) return null;
        string text;
        // a trainer may be appending to the file right now
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = reader.ReadToEnd();
        var lines = text.Split('\n');
        // the last element is "" when the file ends with a newline; otherwise it is a row being written
        var whole = lines.Length - 1;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<CsvRow>();
        var table = new CsvTable(path, columns, rows);
        if (whole >= 1)
        {
            var header = lines[0].TrimEnd('\r').Split(',');
            for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
            for (var n = 1; n < whole; n++)
            {
                var line = lines[n].TrimEnd('\r');
                if (line.Length == 0) continue;
                var cells = line.Split(',');
                if (cells.Length != header.Length) break;
                rows.Add(new CsvRow(table, n + 1, cells));
            }
        }
        foreach (var column in required)
            if (!columns.ContainsKey(column)) throw new FormatException($"{path}: no column '{column}'");
        return table;
    }
}
