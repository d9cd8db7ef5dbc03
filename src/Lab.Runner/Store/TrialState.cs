namespace Lab.Runner.Store;

/// <summary>What a trial folder says about how its trial ended, as the report sees it.</summary>
internal enum TrialState
{
    /// <summary>status.json says finished: the planned training ran to its end.</summary>
    Finished,
    /// <summary>status.json says stopped_early: a stop rule (e.g. consecutive capped episodes) ended training.</summary>
    StoppedEarly,
    /// <summary>status.json says failed (divergence, exception); its reason says why.</summary>
    Failed,
    /// <summary>status.json says interrupted (Ctrl+C): training did not reach its end.</summary>
    Interrupted,
    /// <summary>No status.json: still running, or killed before it could write one.</summary>
    Incomplete,
    /// <summary>A file of the trial could not be read (malformed JSON, status not understood).</summary>
    Unreadable,
}
