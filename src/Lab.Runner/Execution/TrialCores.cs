namespace Lab.Runner.Execution;

/// <summary>
/// How many cores each trial may use: this process's cores shared among the trials that run at once
/// (`./runner train`: one; a sweep: --jobs, or fewer when fewer trials are left). A trial with two
/// or more gives its updates a second core when its network is large enough to gain
/// (Lab.Neural's QNetwork.HelperPays); the results are the same bits either way.
/// </summary>
internal static class TrialCores
{
    public static int For(int trialsAtOnce) => For(Environment.ProcessorCount, trialsAtOnce);

    internal static int For(int processorCount, int trialsAtOnce) => Math.Max(1, processorCount / Math.Max(1, trialsAtOnce));
}
