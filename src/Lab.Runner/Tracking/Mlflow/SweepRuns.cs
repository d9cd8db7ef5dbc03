namespace Lab.Runner.Tracking.Mlflow;

/// <summary>The sweep's parent run: found by its dqnlab.sweep_id tag or created, with the grid file and the report as artifacts.</summary>
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
            await SendFilesAsync(client, parent.RunId, [(MlflowMapping.GridArtifact, System.Text.Encoding.UTF8.GetBytes(gridText))],
                created, cancel);
        return parent;
    }

    /// <summary>
    /// Uploads files of the sweep (the grid, the report) as artifacts of its parent run, each unless the
    /// server holds these very bytes already (<paramref name="fresh"/>: the run was just created, so it holds
    /// nothing). Returns how many were uploaded; none when the server does not proxy artifacts.
    /// </summary>
    public static async Task<int> SendFilesAsync(MlflowClient client, string parentRunId, IEnumerable<(string Name, byte[] Content)> files,
        bool fresh, CancellationToken cancel)
    {
        var sent = 0;
        try
        {
            foreach (var (name, content) in files)
            {
                var current = fresh ? null : await client.DownloadArtifactAsync(parentRunId, name, cancel);
                if (current is not null && current.AsSpan().SequenceEqual(content)) continue;
                await client.LogArtifactAsync(parentRunId, name, content, cancel);
                sent++;
            }
        }
        catch (MlflowException ex) when (ex.ErrorCode == MlflowErrorCodes.ArtifactsNotProxied)
        {
            // the grid's text is also an experiment tag when it fits; the report stays in the results folder
        }
        return sent;
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
