namespace Lab.Runner.Reports;

/// <summary>One chart of report.html, also written on its own as chart-&lt;Name&gt;.svg.</summary>
/// <param name="Name">The file name without ".svg" (letters, digits and '-').</param>
/// <param name="Heading">The section heading above it in report.html.</param>
/// <param name="Caption">How to read it, below it in report.html.</param>
/// <param name="Svg">A standalone SVG document (namespace, size, white background), embedded as it is in report.html.</param>
internal sealed record ReportChart(string Name, string Heading, string Caption, string Svg);
