using System.Globalization;

namespace Lab.Runner.Store;

/// <summary>One whole row of a <see cref="CsvTable"/>, read by column name.</summary>
/// <exception cref="FormatException">From every getter: the column is missing or its cell does not parse (the message names file and line).</exception>
internal sealed class CsvRow(CsvTable table, int line, string[] cells)
{
    private string Cell(string name) =>
        table.Columns.TryGetValue(name, out var i) ? cells[i].Trim() : throw new FormatException($"{table.Path}: no column '{name}'");

    public int Int(string name) =>
        int.TryParse(Cell(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name);

    public long Long(string name) =>
        long.TryParse(Cell(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name);

    /// <summary>Round-trip doubles as the writer prints them ("NaN", "Infinity", "-Infinity" included); an empty cell is NaN.</summary>
    public double Double(string name)
    {
        var cell = Cell(name);
        if (cell.Length == 0) return double.NaN;
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name);
    }

    /// <summary>As <see cref="Double"/>, and NaN when the file has no such column (one written before the column existed).</summary>
    public double DoubleOrNaN(string name) => table.Columns.ContainsKey(name) ? Double(name) : double.NaN;

    public bool Bool(string name) => Cell(name) switch
    {
        "1" or "true" or "True" => true,
        "0" or "false" or "False" => false,
        _ => throw Bad(name),
    };

    private FormatException Bad(string name) => new($"{table.Path}, line {line}: bad {name} '{Cell(name)}'");
}
