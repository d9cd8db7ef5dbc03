namespace Lab.Runner.Config;

/// <summary>
/// A grid file, expanded and validated: every trial to run, in order (variants slowest, then the axes
/// in file order with the last fastest, then the seeds).
/// </summary>
/// <param name="Name">The grid's name: the results folder under results/ and the MLflow experiment; every trial's Config.Name.</param>
/// <param name="Question">What the grid asks, in the file's words ("" if it has no question).</param>
/// <param name="SourcePath">The grid file as the user named it.</param>
/// <param name="SourceText">The grid file's text, as read.</param>
/// <param name="Trials">Every trial: variants × grid cells × seeds.</param>
internal sealed record GridPlan(
    string Name,
    string Question,
    string SourcePath,
    string SourceText,
    IReadOnlyList<TrialPlan> Trials);
