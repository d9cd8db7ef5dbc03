namespace Lab.Runner.Tracking.Mlflow;

/// <summary>The sweep's parent run: found by its dqnlab.sweep_id tag or created, with the grid file as artifact.</summary>
internal static class SweepRuns
{
    public static async Task<MlflowRunInfo> FindOrCreateParentAsync(MlflowClient client, string experimentId,
        string gridName, string sweepId, string? question, string? gridText, MlflowRunSource source, long startTimeMs,
        CancellationToken cancel)
    {
        var found = (await client.SearchRunsAsync(experimentId, MlflowMapping.SweepFilter(sweepId), cancel))
            .Where(r => !r.Tags.ContainsKey(MlflowMapping.ParentRunTag))
            .OrderBy(r => r.Info.StartTimeMs ?? long.MaxValue).ThenBy(r => r.Info.RunId, StringComparer.Ordinal)
            .ToList();
        var created = found.Count == 0;
        var parent = created
            ? await client.CreateRunAsync(experimentId, MlflowMapping.SweepRunName(gridName), startTimeMs,
                MlflowMapping.SweepTags(gridName, sweepId, source, question), cancel)
            : found[0].Info;
        if (!string.IsNullOrEmpty(gridText))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(gridText);
            try
            {
                var current = created ? null : await client.DownloadArtifactAsync(parent.RunId, MlflowMapping.GridArtifact, cancel);
                if (current is null || !current.AsSpan().SequenceEqual(bytes))
                    await client.LogArtifactAsync(parent.RunId, MlflowMapping.GridArtifact, bytes, cancel);
            }
            catch (MlflowException ex) when (ex.ErrorCode == MlflowErrorCodes.ArtifactsNotProxied)
            {
                // the grid's text is also an experiment tag when it fits; nothing else to do
            }
        }
        return parent;
    }

    /// <summary>Sets the parent's status and end time unless it already has them.</summary>
    public static async Task<bool> EndAsync(MlflowClient client, string parentRunId, string status, long endTimeMs,
        CancellationToken cancel)
    {
        var run = await client.FindRunAsync(parentRunId, cancel);
        if (run is null || (run.Info.Status == status && run.Info.EndTimeMs == endTimeMs)) return false;
        await client.UpdateRunAsync(parentRunId, status, endTimeMs, cancel);
        return true;
    }
}
