namespace Lab.Agent;

/// <summary>
/// The network kept by <c>evaluation.keep_best</c>: where in training its periodic evaluation happened,
/// the mean that chose it (the highest of the periodic evaluations, the first on a tie), and its final
/// evaluation, run at the end of training under the same protocol and start states as the final network's.
/// </summary>
/// <param name="Episode">Training episodes completed before the evaluation that chose it.</param>
/// <param name="EnvSteps">Training env steps before that evaluation.</param>
/// <param name="SelectionMean">That evaluation's mean return (biased upward: it is the maximum of several).</param>
/// <param name="Evaluation">The final evaluation of this network (training position: the checkpoint's).</param>
public sealed record BestCheckpoint(int Episode, long EnvSteps, double SelectionMean, EvaluationRecord Evaluation);
