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
    /// <exception cref="FormatException">A required column is missing, the file is not a regular file, or it
    /// passes a cap of <see cref="StoreLimits"/> (its size, or one line's length).</exception>
    public static CsvTable? TryRead(string path, params string[] required)
    {
        if (!StoreFile.Exists(path)) return null;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<CsvRow>();
        var table = new CsvTable(path, columns, rows);
        // a trainer may be appending to the file right now
        using (var stream = StoreFile.OpenRead(path, StoreLimits.MaxCsvBytes))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            string[]? header = null;
            var number = 0;
            // only lines ended by a newline are whole: the last one without it is a row being written
            while (ReadLine(reader, path, number + 1) is { } line)
            {
                number++;
                if (header is null)
                {
                    header = line.Split(',');
                    for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
                    continue;
                }
                if (line.Length == 0) continue;
                var cells = line.Split(',');
                if (cells.Length != header.Length) break;
                rows.Add(new CsvRow(table, number, cells));
            }
        }
        foreach (var column in required)
            if (!columns.ContainsKey(column)) throw new FormatException($"{path}: no column '{column}'");
        return table;
    }

    /// <summary>The next line ended by a newline (without it and a '\r' before it); null at the end or before a line cut short.</summary>
    private static string? ReadLine(StreamReader reader, string path, int number)
    {
        var line = new StringBuilder();
        while (true)
        {
            var next = reader.Read();
            if (next < 0) return null;
            if (next == '\n')
            {
                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                return line.ToString();
            }
            if (line.Length >= StoreLimits.MaxCsvLineChars)
                throw new FormatException($"{path}, line {number}: longer than {StoreLimits.MaxCsvLineChars:N0} characters; " +
                                          "not a row the runner writes (damaged?)");
            line.Append((char)next);
        }
    }
}
