namespace Lab.Runner.Rendering;

/// <summary>
/// One state of an episode (counted from 0) as shown: Gymnasium's state vector, the network's Q of every action there, the
/// action taken from it (-1 on the last frame, after the episode ended) and who chose it, and the return
/// collected before it.
/// </summary>
internal sealed record EpisodeFrame(int Episode, int Step, double[] GymState, float[] Q, int Greedy, int Action, bool ByPerson, double Return)
{
    public float MaxQ => Q[Greedy];
}
