namespace Lab.Runner.Reports;

/// <summary>One column of the summary table, as the terminal, summary.md and report.html all show it.</summary>
/// <param name="Head">The heading in summary.md and report.html.</param>
/// <param name="Terminal">The heading in the terminal, where width is scarce.</param>
/// <param name="Description">What the column is, in a sentence (report.html's heading tooltip).</param>
/// <param name="Cell">The cell of a config, rounded for people.</param>
/// <param name="DropRank">On a narrow terminal, columns go in ascending rank (0 = never dropped).</param>
/// <param name="Group">report.html's heading over this and its neighbours of the same group (null: none); <paramref name="Short"/> goes under it.</param>
/// <param name="Short">The heading under the group's, in report.html.</param>
/// <param name="TerminalCell">A shorter cell for the terminal (null: <paramref name="Cell"/>).</param>
internal sealed record SummaryColumn(string Head, string Terminal, string Description, Func<ConfigSummary, string> Cell, int DropRank,
    string? Group = null, string? Short = null, Func<ConfigSummary, string>? TerminalCell = null);
