namespace Lab.Runner.Reports;

/// <summary>CSV fields as the report writes them (RFC 4180 quoting only where a field needs it).</summary>
internal static class Csv
{
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 && field.Trim() == field ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
