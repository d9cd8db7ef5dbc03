namespace Lab.Runner.Reports;

/// <summary>One eval.csv row (or status.json's final_evaluation): a greedy evaluation over Episodes episodes.</summary>
public sealed record EvaluationRow(
    int Episode,
    long EnvSteps,
    int Episodes,
    int MaxSteps,
    double Mean,
    double Std,
    double Min,
    double Max,
    double Median,
    double CapShare);
